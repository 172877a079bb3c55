import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Database } from '@banjie/event-store';
import { listProjections, PROJECTIONS } from '@banjie/projections';

@ApiTags('operations')
@Controller('projections')
export class ProjectionsHttpController {
  constructor(@Inject(Database) private readonly db: Database) {}

  /** Each projection: version, active generation, status (live, catching_up, parked, error, …), checkpoint, lag, parked events, rebuild progress. */
  @Get()
  @ApiOkResponse({ description: 'one entry per projection' })
  async list() {
    return { projections: await listProjections(this.db.pool, PROJECTIONS) };
  }
}
