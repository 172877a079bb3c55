/**
 * The unit alerts and the rankings (libs/supervision's pure rules) over a campaign as the read side
 * counts it: events → the one issue fold and the directory → the figures over time (the report's
 * counting rules) or the counts as of a day → the alerts and the ranks.
 */
import { evaluateUnits, rankUnits, supervisionSettings, type Alert, type CampaignInfo } from '@banjie/supervision';
import { countsOf, figuresOf, type DayEvent } from '../testing/alert-inputs';

type FigureEvent = DayEvent;

const campaign: CampaignInfo = { campaignId: 'c2023', startsOn: '2023-05-01', endsOn: '2023-06-30', closedOn: null };
const settings = supervisionSettings(null); // the documented defaults

let seq = 0;
const codes = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${prefix}-${from + i}`);
function activity(unitId: string, on: string, form: string, enterpriseCodes: string[], activityId = `a${++seq}`): FigureEvent {
  return {
    type: 'ActivityHeld',
    streamId: `activity-${activityId}`,
    on,
    data: { activityId, campaignId: 'c2023', unitId, form, heldOn: on, enterpriseCodes },
  };
}
function issue(unitId: string, on: string, opts: { activityId?: string; id?: string } = {}): FigureEvent[] {
  const id = opts.id ?? `i${++seq}`;
  return [
    {
      type: 'IssueCollected',
      streamId: `issue-${id}`,
      on,
      data: { issueId: id, campaignId: 'c2023', unitId, activityId: opts.activityId ?? null },
    },
  ];
}
const issues = (unitId: string, on: string, n: number, opts: { activityId?: string } = {}) =>
  Array.from({ length: n }, () => issue(unitId, on, opts)).flat();
function resolved(unitId: string, on: string, rating: string | null, dueOn = '2023-06-30', id = `i${++seq}`): FigureEvent[] {
  const s = `issue-${id}`;
  return [
    ...issue(unitId, on, { id }),
    { type: 'IssueAccepted', streamId: s, on, data: { dueOn } },
    { type: 'IssueResolved', streamId: s, on, data: { resolution: 'r' } },
    ...(rating ? [{ type: 'FeedbackGiven', streamId: s, on, data: { rating, channel: 'callback' } }] : []),
  ];
}
const byTime = (events: FigureEvent[]) => [...events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
const of = (alerts: Alert[], kind: string, unitId?: string) => alerts.filter((a) => a.kind === kind && (!unitId || a.unitId === unitId));
const run = (events: FigureEvent[], today: string) => evaluateUnits(campaign, figuresOf(byTime(events)), settings, today);

describe("the circular's named units (as of 2023-07-10)", () => {
  it('黄石市住建局: 218 enterprises visited, 12 issues collected → thin_collection', () => {
    const events = [
      activity('huangshi', '2023-05-10', 'door_to_door', codes('hs', 120)),
      activity('huangshi', '2023-05-24', 'door_to_door', codes('hs', 98, 120)),
      ...issues('huangshi', '2023-05-10', 7),
      ...issues('huangshi', '2023-05-24', 5),
    ];
    const alerts = of(run(events, '2023-07-10').alerts, 'thin_collection', 'huangshi');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      raisedAt: '2023-05-10',
      clearedAt: null,
      level: 'warning',
      details: { enterprisesVisited: 218, issuesCollected: 12, issuesPerEnterprise: 0.055, threshold: 0.1 },
    });
  });

  it('天门市住建局: one symposium with 59 enterprises and 3 issues → symposium_substitution (and thin_collection)', () => {
    const events = [
      activity('tianmen', '2023-05-18', 'symposium', codes('tm', 59), 'tm-1'),
      ...issues('tianmen', '2023-05-18', 3, { activityId: 'tm-1' }),
    ];
    const alerts = run(events, '2023-07-10').alerts;
    const symposium = of(alerts, 'symposium_substitution', 'tianmen');
    expect(symposium).toHaveLength(1);
    expect(symposium[0]).toMatchObject({
      activityId: 'tm-1',
      raisedAt: '2023-05-18',
      clearedAt: null,
      details: { form: 'symposium', enterprises: 59, issuesCollected: 3, issuesPerEnterprise: 0.0508 },
    });
    expect(of(alerts, 'thin_collection', 'tianmen')[0].details).toMatchObject({ enterprisesVisited: 59, issuesCollected: 3 });
  });

  it('天门市住保中心: 37 resolved with satisfaction below 100% → low_satisfaction', () => {
    const events = [
      ...Array.from({ length: 36 }, () => resolved('tianmen-zbzx', '2023-06-01', 'satisfied')).flat(),
      ...resolved('tianmen-zbzx', '2023-06-12', 'dissatisfied'),
    ];
    const alerts = of(run(events, '2023-07-10').alerts, 'low_satisfaction');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      unitId: 'tianmen-zbzx',
      raisedAt: '2023-06-12',
      clearedAt: null,
      details: { rated: 37, satisfiedOrBasicallySatisfied: 36, satisfactionRate: 0.973 },
    });
  });
});

describe('unit alerts are raised and cleared on the right business dates', () => {
  it('thin_collection waits for 20 enterprises and clears when collection recovers', () => {
    const events = [
      activity('u1', '2023-05-04', 'door_to_door', codes('u1', 10)),
      activity('u1', '2023-05-08', 'door_to_door', codes('u1', 30, 10)),
      ...issues('u1', '2023-05-08', 1),
      ...issues('u1', '2023-05-15', 3),
    ];
    expect(of(run(events, '2023-05-05').alerts, 'thin_collection')).toEqual([]);
    expect(of(run(events, '2023-06-01').alerts, 'thin_collection').map((a) => [a.raisedAt, a.clearedAt])).toEqual([
      ['2023-05-08', '2023-05-15'],
    ]);
  });

  it("symposium_substitution clears once the symposium's issues reach the threshold; a small symposium or a visit never raises it", () => {
    const events = [
      activity('u2', '2023-05-10', 'symposium', codes('s', 30), 'sym'),
      activity('u2', '2023-05-10', 'symposium', codes('t', 10), 'small'),
      activity('u2', '2023-05-10', 'door_to_door', codes('v', 30), 'visit'),
      ...issues('u2', '2023-05-10', 1, { activityId: 'sym' }),
      ...issues('u2', '2023-05-16', 2, { activityId: 'sym' }),
    ];
    const alerts = of(run(events, '2023-06-01').alerts, 'symposium_substitution');
    expect(alerts.map((a) => [a.activityId, a.raisedAt, a.clearedAt])).toEqual([['sym', '2023-05-10', '2023-05-16']]);
  });

  it('low_satisfaction clears when a reopened issue is resolved again to satisfaction', () => {
    const id = 'again';
    const s = `issue-${id}`;
    const events = [
      ...resolved('u3', '2023-05-10', 'satisfied'),
      ...resolved('u3', '2023-05-11', 'dissatisfied', '2023-06-30', id),
      { type: 'IssueReopened', streamId: s, on: '2023-05-12', data: { reason: '不满意' } },
      { type: 'IssueResolved', streamId: s, on: '2023-05-20', data: { resolution: 'r2' } },
      { type: 'FeedbackGiven', streamId: s, on: '2023-05-22', data: { rating: 'basically_satisfied', channel: 'callback' } },
    ];
    expect(of(run(events, '2023-06-01').alerts, 'low_satisfaction').map((a) => [a.raisedAt, a.clearedAt])).toEqual([
      ['2023-05-11', '2023-05-12'],
    ]);
  });

  it('low_completion only once the campaign has ended (07-01), cleared when the rate recovers', () => {
    const events = [
      ...Array.from({ length: 8 }, () => resolved('u4', '2023-05-20', 'satisfied')).flat(),
      ...issues('u4', '2023-05-20', 1),
      { type: 'IssueCollected', streamId: 'issue-late', on: '2023-05-20', data: { issueId: 'late', campaignId: 'c2023', unitId: 'u4' } },
      { type: 'IssueAccepted', streamId: 'issue-late', on: '2023-05-21', data: { dueOn: '2023-06-10' } },
      { type: 'IssueResolved', streamId: 'issue-late', on: '2023-07-05', data: { resolution: 'r' } },
      ...Array.from({ length: 10 }, () => resolved('u5', '2023-05-20', 'satisfied')).flat(),
    ];
    expect(run(events, '2023-06-30')).toMatchObject({ nextCheckOn: '2023-07-01' });
    expect(of(run(events, '2023-06-30').alerts, 'low_completion')).toEqual([]);
    const after = of(run(events, '2023-07-10').alerts, 'low_completion');
    expect(after.map((a) => [a.unitId, a.raisedAt, a.clearedAt])).toEqual([['u4', '2023-07-01', null]]); // 9/10 = 90%: below the campaign's 95%
    // details: the latest figures while it holds — at the raise 8/10 against the campaign's 18/20 …
    expect(of(run(events, '2023-07-01').alerts, 'low_completion')[0].details).toMatchObject({
      completionRate: 0.8,
      threshold: 0.9,
      campaignRate: 0.9,
      belowThreshold: true,
      belowCampaignRate: true,
    });
    // … on 07-10 9/10: at the threshold, still below the campaign-wide 19/20
    expect(after[0].details).toMatchObject({ completionRate: 0.9, campaignRate: 0.95, belowThreshold: false, belowCampaignRate: true });
    const thresholdOnly = evaluateUnits(
      campaign,
      figuresOf(byTime(events)),
      supervisionSettings({ thresholds: { lowCompletionBasis: 'threshold' } }),
      '2023-07-10',
    );
    expect(of(thresholdOnly.alerts, 'low_completion').map((a) => [a.raisedAt, a.clearedAt])).toEqual([['2023-07-01', '2023-07-05']]);
  });
});

describe('rankings', () => {
  it('rank by rate with ties broken by volume, and by open overdue (fewer first)', () => {
    const events = [
      ...Array.from({ length: 4 }, () => resolved('big', '2023-05-10', 'satisfied', '2023-05-20')).flat(),
      ...resolved('small', '2023-05-10', 'satisfied', '2023-05-01'),
      ...issue('laggard', '2023-05-10', { id: 'open1' }),
      { type: 'IssueAccepted', streamId: 'issue-open1', on: '2023-05-10', data: { dueOn: '2023-05-31' } },
      ...resolved('laggard', '2023-05-11', 'dissatisfied'),
    ];
    const r = rankUnits(countsOf(byTime(events), '2023-07-10'), '2023-07-10', new Map([['big', { name: '大单位', level: 'prefecture' }]]));
    expect(r.completionRate.map((u) => [u.rank, u.unitId, u.completionRate])).toEqual([
      [1, 'big', 1],
      [2, 'small', 1],
      [3, 'laggard', 0.5],
    ]);
    expect(r.completionRate[0]).toMatchObject({ unitName: '大单位', level: 'prefecture', issuesCollected: 4 });
    expect(r.onTimeRate.map((u) => [u.unitId, u.onTimeRate])).toEqual([
      ['big', 1],
      ['laggard', 1],
      ['small', 0],
    ]);
    expect(r.satisfactionRate.map((u) => u.unitId)).toEqual(['big', 'small', 'laggard']);
    expect(r.openOverdue.map((u) => [u.rank, u.unitId, u.openOverdue])).toEqual([
      [1, 'big', 0],
      [2, 'small', 0],
      [3, 'laggard', 1],
    ]);
    // as of a date before the due date, nothing is overdue
    expect(
      rankUnits(countsOf(byTime(events), '2023-05-31'), '2023-05-31').openOverdue.find((u) => u.unitId === 'laggard')!.openOverdue,
    ).toBe(0);
  });
});
