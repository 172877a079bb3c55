import { Controller, Get, Inject, Optional, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccessScope, CurrentUser, type Principal } from '@banjie/access';
import { EVENT_STORE, type Checkpoint, type EventStore } from '@banjie/event-store';
import { DemoGate, ProblemError, type DemoLoadStatus } from '@banjie/platform';
import { LAG_CAP, reportCsv, ReportRequestError, ReportService, reportXlsx, type CampaignReport } from '@banjie/projections';
import { ReportQueryDto } from './report.request.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * How current the figures are: the issues and directory read models' lag behind the event store when the
 * report was read (`catchingUp` while it is behind), and the first start's demo load while it
 * is under way. The page shows a notice instead of presenting partial figures as final.
 */
export interface ReportFreshness {
  lagEvents: number;
  catchingUp: boolean;
  demo?: DemoLoadStatus;
}

@ApiTags('reports')
@Controller()
export class ReportHttpController {
  constructor(
    private readonly reports: ReportService,
    private readonly scope: AccessScope,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly demo?: DemoGate,
  ) {}

  /** The circular's statistics table, live or as of a business date and as known at a system time. */
  @Get('campaigns/:id/report')
  @ApiOperation({
    summary: 'the campaign\'s statistics table (全省住建系统"服务企业月"活动情况统计表): rows per unit, 厅本级/市州 groups, total',
  })
  @ApiProduces('application/json', 'text/csv', XLSX)
  @ApiOkResponse({
    description:
      '{ campaignId, asOf, knownAt, rows, groups, total, lagEvents, catchingUp, demo? } — rates are fractions or null; catchingUp: the read models lag the event store (the figures may be low)',
  })
  async report(
    @Param('id') id: string,
    @Query() q: ReportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentUser() user?: Principal,
  ): Promise<Buffer> {
    const units = await this.scope.unitFilter(user, q.unitId);
    const format = q.format ?? 'json';
    const query = { asOf: q.asOf, knownAt: q.knownAt, units };
    if (format === 'json') {
      const { json, readFrom } = await problemOf(() => this.reports.reportJson(id, query));
      // How current: the events after the checkpoint the figures rest on, counted after they were
      // read — "caught up" means they include at least everything committed by then.
      const freshness = await this.freshness(readFrom);
      reply.type('application/json; charset=utf-8');
      // The report's JSON is kept per question and read-model stamp (docs/projections.md "The
      // report cache"); the freshness is this request's, appended as `{ ...report, ...freshness }` would.
      return Buffer.concat([json.subarray(0, json.length - 1), Buffer.from(`,${JSON.stringify(freshness).slice(1)}`)]);
    }
    const report: CampaignReport = await problemOf(() => this.reports.report(id, query));
    const name = `report-${id}-${report.asOf}${report.knownAt ? '-known-' + report.knownAt.replace(/[:.]/g, '') : ''}.${format}`;
    reply.header(
      'Content-Disposition',
      `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    if (format === 'csv') {
      reply.type('text/csv; charset=utf-8');
      return reportCsv(report);
    }
    reply.type(XLSX);
    return reportXlsx(report);
  }

  private async freshness(readFrom: Checkpoint): Promise<ReportFreshness> {
    // the checkpoints were read on the pool the report reads (a hot standby with
    // READ_DATABASE_URL), the events are counted through the store: a standby's delay counts as lag too
    const lagEvents = (await this.store.eventsAfter(readFrom, { limit: LAG_CAP })).count;
    const demo = this.demo?.status();
    const loading = demo?.state === 'loading';
    return { lagEvents, catchingUp: lagEvents > 0 || loading, ...(loading ? { demo } : {}) };
  }
}

/** A report request the service refuses (a bad date, no such campaign) as problem+json. */
async function problemOf<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ReportRequestError)
      throw new ProblemError(
        error.status,
        error.code,
        error.message,
        error.field ? { errors: [{ field: error.field, message: error.message }] } : {},
      );
    throw error;
  }
}
