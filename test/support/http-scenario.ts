/**
 * A small province's campaign, written through a running banjie's HTTP API, with the counts it
 * must produce known in advance: units at both levels, enterprises, activities, and issues that
 * end pending, in progress, resolved and rated. Used by the read-replica, failover and cells
 * suites (the cells suite loads two provinces into two cells and both into one database).
 *
 * Business time is 2023 (the processes run with CLOCK_START = SCENARIO_CLOCK_START), so the
 * campaign and every `occurredAt` are in the past of the clock and the counts are stable.
 */
import { creditCodeCheckChar } from '@banjie/domain';
import { ADMIN, officer, type HttpClient } from './http-client';

export const SCENARIO_CLOCK_START = '2023-06-20T02:00:00.000Z';
export const SCENARIO_CAMPAIGN = { id: 'serve-2023', title: '服务企业月', startsOn: '2023-05-01', endsOn: '2023-06-30' };
export const SCENARIO_AS_OF = '2023-06-20';

/** GB 11714 check character of an 8-digit organisation code body. */
function orgCodeCheckChar(digits: string): string {
  const sum = [3, 7, 9, 10, 5, 8, 4, 2].reduce((s, w, i) => s + w * Number(digits[i]), 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** A valid unified social credit code (GB 32100-2015) for enterprise number `n` of area `area`. */
export function creditCode(area: string, n: number): string {
  const body = String(n).padStart(8, '0');
  const first17 = `91${area}${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

export interface ProvinceSpec {
  /** Unit id prefix and the 6-digit area code of its enterprises (distinct per province). */
  prefix: string;
  area: string;
  region: string;
  /** Issues per unit and how many of them end resolved / rated satisfied / rated dissatisfied. */
  issuesPerUnit: number;
  resolvedPerUnit: number;
  satisfiedPerUnit: number;
  dissatisfiedPerUnit: number;
}

export interface ProvinceCounts {
  department: {
    enterprisesVisited: number;
    activities: number;
    issuesCollected: number;
    issuesResolved: number;
    rated: number;
    satisfied: number;
  };
  prefecture: {
    enterprisesVisited: number;
    activities: number;
    issuesCollected: number;
    issuesResolved: number;
    rated: number;
    satisfied: number;
  };
}

/** One department unit, one prefecture unit and a county unit under it; one activity each. */
export async function seedProvince(api: HttpClient, spec: ProvinceSpec, campaign = true): Promise<ProvinceCounts> {
  const units = [
    { id: `${spec.prefix}-dept`, name: `${spec.region}住建厅建筑市场监管处`, level: 'department', region: spec.region },
    { id: `${spec.prefix}-city`, name: `${spec.region}某市住建局`, level: 'prefecture', region: spec.region },
    {
      id: `${spec.prefix}-county`,
      name: `${spec.region}某县住建局`,
      level: 'county',
      region: spec.region,
      parentUnitId: `${spec.prefix}-city`,
    },
  ];
  for (const u of units) await api.ok('/units', u);
  if (campaign) await api.ok('/campaigns', SCENARIO_CAMPAIGN);
  const counts: ProvinceCounts = {
    department: { enterprisesVisited: 0, activities: 0, issuesCollected: 0, issuesResolved: 0, rated: 0, satisfied: 0 },
    prefecture: { enterprisesVisited: 0, activities: 0, issuesCollected: 0, issuesResolved: 0, rated: 0, satisfied: 0 },
  };
  let enterprise = 0;
  for (const [i, u] of units.entries()) {
    const as = officer(u.id);
    const codes = [creditCode(spec.area, ++enterprise), creditCode(spec.area, ++enterprise)];
    for (const code of codes)
      await api.ok('/enterprises', { creditCode: code, name: `${spec.region}企业${code.slice(-4)}`, region: spec.region }, as);
    const activityId = `${u.id}-act`;
    await api.ok(
      '/activities',
      {
        id: activityId,
        campaignId: SCENARIO_CAMPAIGN.id,
        unitId: u.id,
        form: 'door_to_door',
        heldOn: `2023-06-0${i + 1}`,
        enterpriseCodes: codes,
        summary: '上门走访',
      },
      as,
    );
    const group = u.level === 'department' ? counts.department : counts.prefecture;
    group.enterprisesVisited += codes.length;
    group.activities += 1;
    for (let n = 0; n < spec.issuesPerUnit; n++) {
      const issueId = `${u.id}-issue-${n + 1}`;
      await api.ok(
        '/issues',
        {
          id: issueId,
          campaignId: SCENARIO_CAMPAIGN.id,
          unitId: u.id,
          enterpriseCode: codes[n % codes.length],
          activityId,
          kind: 'problem',
          category: '工程款结算',
          title: `问题 ${n + 1}`,
          description: '项目竣工后工程款迟迟未结算',
          occurredAt: '2023-06-10T02:00:00.000Z',
        },
        as,
      );
      group.issuesCollected += 1;
      if (n >= spec.resolvedPerUnit) continue;
      await api.ok(`/issues/${issueId}/accept`, { occurredAt: '2023-06-11T02:00:00.000Z' }, as);
      await api.ok(`/issues/${issueId}/resolve`, { resolution: '已协调结算', occurredAt: '2023-06-12T02:00:00.000Z' }, as);
      group.issuesResolved += 1;
      const rating = n < spec.satisfiedPerUnit ? 'satisfied' : n < spec.satisfiedPerUnit + spec.dissatisfiedPerUnit ? 'dissatisfied' : null;
      if (!rating) continue;
      await api.ok(`/issues/${issueId}/feedback`, { rating, channel: 'callback', occurredAt: '2023-06-13T02:00:00.000Z' }, as);
      group.rated += 1;
      if (rating === 'satisfied') group.satisfied += 1;
    }
  }
  return counts;
}

export { ADMIN };
