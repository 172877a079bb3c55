import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { listProjections, PROJECTIONS } from '@banjie/projections';

@ApiTags('operations')
@Controller('projections')
export class ProjectionsHttpController {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Each projection: version, active generation, status (live, catching_up, parked, error, …), checkpoint, lag, parked events, rebuild progress. */
  @Get()
  @ApiOkResponse({ description: 'one entry per projection' })
  async list() {
    return { projections: await listProjections(this.db.pool, this.store, PROJECTIONS) };
  }
}
