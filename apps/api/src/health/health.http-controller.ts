import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Database } from '@banjie/event-store';

@ApiTags('operations')
@Controller('health')
export class HealthHttpController {
  constructor(@Inject(Database) private readonly db: Database) {}

  /** Which store this process runs on, its schema version and how far the projector lags. */
  @Get()
  @ApiOkResponse({ description: 'store kind, schema version, projector lag' })
  async health() {
    const schema = await this.db.schemaVersion();
    const { rows } = await this.db.pool.query(`SELECT coalesce(max(position), 0) AS head FROM events`);
    return {
      status: 'ok',
      store: this.db.kind,
      schemaVersion: schema.version,
      pendingMigrations: schema.pending,
      headPosition: Number(rows[0].head),
    };
  }
}
