import { Controller, Get, Inject, Optional, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccessScope, CurrentUser, type Principal } from '@banjie/access';
import { Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { DemoGate, ProblemError, type DemoLoadStatus } from '@banjie/platform';
import {
  DIRECTORY,
  ISSUES,
  projectionLag,
  reportCsv,
  ReportRequestError,
  ReportService,
  reportXlsx,
  type CampaignReport,
} from '@banjie/projections';
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
    @Inject(Database) private readonly db: Database,
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
  ): Promise<(CampaignReport & ReportFreshness) | Buffer> {
    const units = await this.scope.unitFilter(user, q.unitId);
    const format = q.format ?? 'json';
    // How current: measured before the figures are read, so "caught up" means they include at
    // least everything committed by then.
    const freshness = format === 'json' ? await this.freshness() : null;
    let report: CampaignReport;
    try {
      report = await this.reports.report(id, { asOf: q.asOf, knownAt: q.knownAt, units });
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
    if (freshness) return { ...report, ...freshness };
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

  private async freshness(): Promise<ReportFreshness> {
    // the read models' checkpoints on the pool the report reads (a hot standby with
    // READ_DATABASE_URL), the events through the store: a standby's delay counts as lag too
    const lagEvents = await projectionLag(this.db.readPool, this.store, [ISSUES, DIRECTORY]);
    const demo = this.demo?.status();
    const loading = demo?.state === 'loading';
    return { lagEvents, catchingUp: lagEvents > 0 || loading, ...(loading ? { demo } : {}) };
  }
}
