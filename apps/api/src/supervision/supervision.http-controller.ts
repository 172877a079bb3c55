import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessScope, CurrentUser, type Principal } from '@banjie/access';
import { SupervisionQueries } from './supervision.queries';
import { ListAlertsQueryDto, RankingsQueryDto } from './supervision.request.dto';

@ApiTags('supervision')
@Controller()
export class SupervisionHttpController {
  constructor(
    private readonly queries: SupervisionQueries,
    private readonly scope: AccessScope,
  ) {}

  @Get('alerts')
  @ApiOperation({
    summary:
      'alerts with raised/cleared business dates (due_soon, overdue, escalated, stalled, unit alerts, notice_overdue), as of a business date, paged, with the issue heading and enterprise name',
  })
  async alerts(@Query() q: ListAlertsQueryDto, @CurrentUser() user?: Principal) {
    const units = await this.scope.unitFilter(user, q.unitId);
    const { campaignId, unitId, kind, open, asOf, offset } = q;
    return this.queries.alerts({ campaignId, unitId, kind, open, asOf, offset, units, limit: q.limit ?? 500 });
  }

  @Get('campaigns/:id/rankings')
  @ApiOperation({ summary: 'units ranked by completion, satisfaction and on-time rate and by open overdue issues, as of a business date' })
  async rankings(@Param('id') id: string, @Query() q: RankingsQueryDto, @CurrentUser() user?: Principal) {
    const units = await this.scope.unitFilter(user, q.unitId);
    return this.queries.rankings(id, q.asOf, units);
  }
}
