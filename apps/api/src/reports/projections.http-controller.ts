import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Database, EVENT_STORE, Supervisor, type EventStore } from '@banjie/event-store';
import { listProjections, PROJECTIONS } from '@banjie/projections';

@ApiTags('operations')
@Controller('projections')
export class ProjectionsHttpController {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Supervisor) private readonly supervisor: Supervisor,
  ) {}

  /**
   * Each projection: version, active generation, status (live, catching_up, parked, error, …),
   * checkpoint, lag, parked events, rebuild progress — and `runtime`, its subscription in this
   * process (state live / retrying with the last error and next attempt / rebuilding / standby /
   * stopped, last success, retries), null when this process does not run it (BANJIE_ROLE=api).
   */
  @Get()
  @ApiOkResponse({ description: 'one entry per projection' })
  async list() {
    const projections = await listProjections(this.db.pool, this.store, PROJECTIONS);
    return { projections: projections.map((p) => ({ ...p, runtime: this.supervisor.get(p.name)?.snapshot() ?? null })) };
  }
}
