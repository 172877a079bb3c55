/**
 * Per-unit alerts from the circular's 三、问题不足 and the supervision office's duty to "重点督导
 * 办结率较低、满意度不高的单位":
 *
 * - `low_completion`: once the campaign has ended (the day after endsOn, or its close), the
 *   unit's completion rate is below `thresholds.lowCompletionRate` or below the campaign-wide
 *   rate (`thresholds.lowCompletionBasis`: threshold | campaign_rate | either, default either).
 * - `low_satisfaction`: satisfaction rate below `thresholds.lowSatisfactionRate` (天门市住保中心).
 * - `thin_collection`: issues collected per enterprise visited below
 *   `thresholds.thinCollectionIssuesPerEnterprise`, once the unit has visited
 *   `thresholds.thinCollectionMinEnterprises` enterprises (黄石市住建局: 218 enterprises, 12 issues).
 * - `symposium_substitution` (per activity): a symposium reaching at least
 *   `thresholds.symposiumMinEnterprises` enterprises that yielded fewer than
 *   `thresholds.symposiumMaxIssuesPerEnterprise` issues per enterprise (天门市住建局: one
 *   activity, 59 enterprises, 3 issues).
 *
 * Each is evaluated at the end of every business date on which its inputs changed; an alert is
 * raised on the first date its condition holds and cleared on the first date it no longer does.
 */
import { addDays, completionRate, satisfactionRate } from '@banjie/domain';
import type { SupervisionSettings } from '../settings';
import { clip, earliest, makeAlert, type Alert, type AlertKind, type Evaluation } from './alert';
import { figuresOn, type CampaignFigures, type Figures } from './campaign-figures';

export interface CampaignInfo {
  campaignId: string;
  startsOn: string;
  endsOn: string;
  closedOn: string | null;
}

type Verdict = { holds: false } | { holds: true; details: Record<string, unknown> };

/** Turns a condition checked on change dates into alert windows (raise on first true, clear on first false). */
function windows(
  dates: readonly string[],
  today: string,
  check: (on: string) => Verdict,
): Array<{ from: string; to: string | null; details: Record<string, unknown> }> {
  const out: Array<{ from: string; to: string | null; details: Record<string, unknown> }> = [];
  let current: { from: string; to: string | null; details: Record<string, unknown> } | null = null;
  for (const on of [...new Set(dates)].filter((d) => d <= today).sort()) {
    const v = check(on);
    if (v.holds && !current) {
      current = { from: on, to: null, details: v.details };
      out.push(current);
    } else if (v.holds && current)
      current.details = v.details; // the latest figures while it holds
    else if (!v.holds && current) {
      current.to = on;
      current = null;
    }
  }
  return out;
}

const round = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

export function evaluateUnits(campaign: CampaignInfo, figures: CampaignFigures, settings: SupervisionSettings, today: string): Evaluation {
  const t = settings.thresholds;
  const alerts: Alert[] = [];
  const subject = { kind: 'campaign' as const, id: campaign.campaignId };
  const endedFrom = earliest(addDays(campaign.endsOn, 1), campaign.closedOn)!;
  const totalDates = figures.total.map((p) => p.on);
  const push = (
    kind: AlertKind,
    unitId: string,
    w: { from: string; to: string | null; details: Record<string, unknown> },
    activityId: string | null = null,
  ) => {
    const clipped = clip(w.from, w.to, today);
    if (clipped)
      alerts.push(
        makeAlert(kind, subject, { campaignId: campaign.campaignId, unitId, activityId }, clipped, w.details, activityId ?? unitId),
      );
  };

  for (const [unitId, series] of figures.units) {
    const dates = series.map((p) => p.on);
    const at = (on: string): Figures => figuresOn(series, on);

    const completion = windows([...dates, ...totalDates, endedFrom], today, (on) => {
      if (on < endedFrom) return { holds: false };
      const f = at(on);
      const all = figuresOn(figures.total, on);
      const unitRate = completionRate(f);
      const campaignRate = completionRate(all);
      if (unitRate === null) return { holds: false };
      const belowThreshold = unitRate < t.lowCompletionRate;
      const belowCampaign = campaignRate !== null && unitRate < campaignRate;
      const holds =
        t.lowCompletionBasis === 'threshold'
          ? belowThreshold
          : t.lowCompletionBasis === 'campaign_rate'
            ? belowCampaign
            : belowThreshold || belowCampaign;
      if (!holds) return { holds: false };
      return {
        holds: true,
        details: {
          issuesCollected: f.issuesCollected,
          issuesResolved: f.issuesResolved,
          completionRate: round(unitRate),
          threshold: t.lowCompletionRate,
          campaignRate: round(campaignRate),
          belowThreshold,
          belowCampaignRate: belowCampaign,
        },
      };
    });
    completion.forEach((w) => push('low_completion', unitId, w));

    windows(dates, today, (on) => {
      const f = at(on);
      const r = satisfactionRate(f);
      if (r === null || r >= t.lowSatisfactionRate) return { holds: false };
      return {
        holds: true,
        details: {
          rated: f.rated,
          satisfiedOrBasicallySatisfied: f.satisfied + f.basicallySatisfied,
          satisfactionRate: round(r),
          threshold: t.lowSatisfactionRate,
          issuesResolved: f.issuesResolved,
        },
      };
    }).forEach((w) => push('low_satisfaction', unitId, w));

    windows(dates, today, (on) => {
      const f = at(on);
      if (f.enterprisesVisited < t.thinCollectionMinEnterprises) return { holds: false };
      const r = f.issuesCollected / f.enterprisesVisited;
      if (r >= t.thinCollectionIssuesPerEnterprise) return { holds: false };
      return {
        holds: true,
        details: {
          enterprisesVisited: f.enterprisesVisited,
          issuesCollected: f.issuesCollected,
          issuesPerEnterprise: round(r),
          threshold: t.thinCollectionIssuesPerEnterprise,
        },
      };
    }).forEach((w) => push('thin_collection', unitId, w));
  }

  for (const a of figures.activities.values()) {
    if (a.form !== 'symposium' || a.enterprises < t.symposiumMinEnterprises) continue;
    const start = a.issues.length && a.issues[0].on < a.heldOn ? a.issues[0].on : a.heldOn;
    const dates = [start, ...a.issues.map((i) => i.on)];
    windows(dates, today, (on) => {
      const issues = a.issues.filter((i) => i.on <= on).at(-1)?.count ?? 0;
      const r = issues / a.enterprises;
      if (r >= t.symposiumMaxIssuesPerEnterprise) return { holds: false };
      return {
        holds: true,
        details: {
          form: a.form,
          heldOn: a.heldOn,
          enterprises: a.enterprises,
          issuesCollected: issues,
          issuesPerEnterprise: round(r),
          threshold: t.symposiumMaxIssuesPerEnterprise,
        },
      };
    }).forEach((w) => push('symposium_substitution', a.unitId, w, a.activityId));
  }

  return { alerts, nextCheckOn: today < endedFrom ? endedFrom : null };
}
