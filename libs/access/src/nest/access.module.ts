import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { ACCESS_CONFIG, loadAccessConfig, type AccessConfig } from '../access.config';
import { FeedbackLinkService } from '../feedback-link/feedback-link.service';
import { AccessStore } from '../store/access-store';
import { UnitDirectory } from '../store/unit-directory';
import { AccessGuard } from './access.guard';
import { AccessHttpController } from './access.http-controller';
import { AccountsService } from './accounts.service';
import { AuthHttpController } from './auth.http-controller';
import { AccessScope } from './access-scope';
import { BootstrapTokens } from './bootstrap-tokens';

/**
 * Authentication, roles and unit scoping for the HTTP API (docs/access.md). Importing it installs
 * AccessGuard as a global guard: every route is authenticated and checked against ROUTE_POLICY.
 */
@Module({
  controllers: [AccessHttpController, AuthHttpController],
  providers: [
    { provide: ACCESS_CONFIG, useFactory: () => loadAccessConfig() },
    {
      provide: AccessStore,
      useFactory: (db: Database, events: EventStore) => new AccessStore(db.pool, events),
      inject: [Database, EVENT_STORE],
    },
    { provide: UnitDirectory, useFactory: (events: EventStore) => new UnitDirectory(events), inject: [EVENT_STORE] },
    AccessScope,
    AccountsService,
    FeedbackLinkService,
    BootstrapTokens,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [ACCESS_CONFIG, AccessStore, UnitDirectory, AccessScope, AccountsService, FeedbackLinkService],
})
export class AccessModule implements OnModuleInit {
  constructor(@Inject(ACCESS_CONFIG) private readonly config: AccessConfig) {}

  onModuleInit() {
    if (this.config.authMode === 'trust-headers') {
      new Logger('Access').warn(
        'AUTH_MODE=trust-headers: callers are whoever X-Actor/X-Unit/X-Role claim — for tests only, never expose this process',
      );
    }
  }
}
