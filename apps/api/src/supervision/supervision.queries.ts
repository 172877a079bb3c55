import { Inject, Injectable } from '@nestjs/common';
import { businessDate } from '@banjie/domain';
import { Database } from '@banjie/event-store';
import { CLOCK, ProblemError, type Clock } from '@banjie/platform';
import {
  AlertsReader,
  DIRECTORY,
  DirectoryReader,
  ISSUES,
  IssuesReader,
  ReadModelFreshness,
  ReportRequestError,
  ReportService,
  type AlertFilter,
} from '@banjie/projections';
import { rankUnits, type Rankings } from '@banjie/supervision';

/**
 * The supervision office's reads: the alerts read model, and the rankings — the report's own counts
 * of every unit as of a date (ReportService.counts), ranked, so a unit's figure is the same in both.
 */
@Injectable()
export class SupervisionQueries {
  private readonly alertsReader: AlertsReader;
  private readonly directory: DirectoryReader;
  private readonly issues: IssuesReader;

  constructor(
    @Inject(Database) db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reports: ReportService,
    private readonly freshness: ReadModelFreshness,
  ) {
    // bounded staleness: on a read replica when READ_DATABASE_URL is set
    this.alertsReader = new AlertsReader(db.readPool);
    this.directory = new DirectoryReader(db.pool);
    this.issues = new IssuesReader(db.readPool);
  }

  /** The alerts with what the page shows instead of ids: the issue's heading, the enterprise's name. */
  async alerts(f: AlertFilter) {
    const found = await this.alertsReader.alerts(f);
    const headings = await this.issues.headings(found.alerts.map((a) => a.issueId).filter((id): id is string => id !== null));
    const names = await this.directory.enterpriseNames([...headings.values()].map((h) => h.enterpriseCode));
    const alerts = found.alerts.map((a) => {
      const heading = a.issueId ? headings.get(a.issueId) : undefined;
      if (!heading) return a;
      const { title: issueTitle, caseNumber, enterpriseCode } = heading;
      return { ...a, issueTitle, ...(caseNumber ? { caseNumber } : {}), enterpriseCode, enterpriseName: names.get(enterpriseCode) ?? null };
    });
    return { ...found, alerts };
  }

  async rankings(campaignId: string, asOf: string | undefined, units: string[] | null): Promise<Rankings & { campaignId: string }> {
    const day = asOf ?? businessDate(this.clock.now());
    const db = await this.freshness.wait(ISSUES, DIRECTORY);
    let counts;
    try {
      counts = (await this.reports.on(db).counts(campaignId, day)).counts;
    } catch (error) {
      if (error instanceof ReportRequestError) {
        const detail = error.code === 'CAMPAIGN.NOT_FOUND' ? `campaign ${campaignId} does not exist` : error.message;
        throw new ProblemError(error.status, error.code, detail);
      }
      throw error;
    }
    const ranked = rankUnits(counts, day, await this.directory.on(db).unitNames());
    if (!units) return { campaignId, ...ranked };
    // An officer sees the ranks among all units, but only the rows of the units in their scope.
    const keep = <T extends { unitId: string }>(rows: T[]) => rows.filter((r) => units.includes(r.unitId));
    return {
      campaignId,
      asOf: ranked.asOf,
      completionRate: keep(ranked.completionRate),
      satisfactionRate: keep(ranked.satisfactionRate),
      onTimeRate: keep(ranked.onTimeRate),
      openOverdue: keep(ranked.openOverdue),
    };
  }
}
