import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditQueries } from './audit.queries';
import { AuditQueryDto } from './audit.request.dto';

const SHANGHAI = '+08:00';

/** A bound: a business date means the start of that day in Beijing (`to`: the next day's start). Validated by the DTO. */
function bound(value: string | undefined, endOfDay: boolean): Date | undefined {
  if (!value) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const instant = new Date(dateOnly ? `${value}T00:00:00${SHANGHAI}` : value);
  return dateOnly && endOfDay ? new Date(instant.getTime() + 86_400_000) : instant;
}

@ApiTags('audit')
@Controller()
export class AuditHttpController {
  constructor(private readonly audit: AuditQueries) {}

  @Get('issues/:id/history')
  @ApiOperation({ summary: "every event of an issue's stream, with actor, unit, both times, the recording gap and the hash-chain status" })
  @ApiOkResponse({
    description:
      '{ issueId, streamId, version, chain: { ok, broken[] (reason, versions, detail), anchors: { anchoredVersion, unanchoredEvents, last } }, events[] }',
  })
  history(@Param('id') id: string) {
    return this.audit.issueHistory(id);
  }

  @Get('audit')
  @ApiOperation({ summary: 'events filtered by acting unit, actor, type and recordedAt, newest first, paged' })
  search(@Query() q: AuditQueryDto) {
    return this.audit.search({
      unitId: q.unitId,
      actor: q.actor,
      type: q.type,
      from: bound(q.from, false),
      to: bound(q.to, true),
      page: q.page ?? 1,
      pageSize: q.pageSize ?? 50,
      before: q.before,
    });
  }
}
