/** As-of reports: the campaign statistics table at random business dates, over the rebuilt read models. */
import { Pool } from 'pg';
import { ReportService } from '@banjie/projections';
import { Rng } from '../rng';
import { dateOf, dayOf } from '../generate';
import { latencyStats, log, now, type Row } from '../support';

export interface CampaignWindow {
  campaignId: string;
  from: string;
  to: string;
}

export async function reportWorkload(url: string, campaigns: CampaignWindow[], queries: number): Promise<Row> {
  const pool = new Pool({ connectionString: url, max: 2 });
  const reports = new ReportService(pool);
  const rng = new Rng(7);
  const pick = () => {
    const c = rng.pick(campaigns);
    return { campaignId: c.campaignId, asOf: dateOf(rng.int(dayOf(c.from), dayOf(c.to))) };
  };
  const workload = 'as-of report at a random date (campaign table, all units)';
  try {
    for (let i = 0; i < Math.min(10, queries); i++) {
      const q = pick();
      await reports.report(q.campaignId, { asOf: q.asOf }); // warm-up: plans, connections
    }
    const latencies: number[] = [];
    let rows = 0;
    for (let i = 0; i < queries; i++) {
      const q = pick();
      const t0 = now();
      const report = await reports.report(q.campaignId, { asOf: q.asOf });
      latencies.push(now() - t0);
      rows += report.rows.length;
    }
    const s = latencyStats(latencies);
    log(`  ${queries} reports: p50 ${s.p50} ms, p95 ${s.p95} ms`);
    return {
      workload,
      banjie: `p50 ${s.p50} ms, p95 ${s.p95} ms`,
      baseline: '—',
      ratio: null,
      goal: 'p95 ≤ 100 ms',
      met: s.p95 <= 100,
      details: { queries, ...s, rowsPerReport: Math.round(rows / queries) },
    };
  } catch (error) {
    const message = (error as Error).message;
    log(`  report failed: ${message}`);
    return {
      workload,
      banjie: '',
      baseline: '—',
      ratio: null,
      goal: 'p95 ≤ 100 ms',
      met: null,
      pending: `failed: ${message}`,
      details: {},
    };
  } finally {
    await pool.end();
  }
}
