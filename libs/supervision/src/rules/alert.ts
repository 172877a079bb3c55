/**
 * Alerts as supervision sees them (DESIGN §4): each with the business date it was raised and the
 * business date it cleared (null while open). Rules are pure: they take a subject's history, the
 * campaign's settings, the working calendar and today's business date, and return every alert
 * the subject has had up to today — so re-running them after a restart or a late event gives the
 * same dates, and a cleared alert keeps its history.
 */
export const ALERT_KINDS = [
  'due_soon',
  'overdue',
  'escalated',
  'stalled',
  'low_completion',
  'low_satisfaction',
  'thin_collection',
  'symposium_substitution',
  'notice_overdue',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** How serious: the ladder 黄牌 (warning) → 红牌 + 催办 (serious) → 通报 (critical). */
export type AlertLevel = 'warning' | 'serious' | 'critical';
export type AlertColour = 'yellow' | 'red' | 'black' | 'orange' | 'blue' | 'purple';

export const ALERT_STYLE: Record<AlertKind, { level: AlertLevel; colour: AlertColour }> = {
  due_soon: { level: 'warning', colour: 'yellow' },
  overdue: { level: 'serious', colour: 'red' },
  escalated: { level: 'critical', colour: 'black' },
  stalled: { level: 'warning', colour: 'orange' },
  low_completion: { level: 'serious', colour: 'blue' },
  low_satisfaction: { level: 'serious', colour: 'blue' },
  thin_collection: { level: 'warning', colour: 'purple' },
  symposium_substitution: { level: 'warning', colour: 'purple' },
  notice_overdue: { level: 'serious', colour: 'red' },
};

export type SubjectKind = 'issue' | 'notice' | 'campaign';

export interface Alert {
  /** Stable for the same episode: subject, kind, what it is about and the raise date. */
  alertId: string;
  kind: AlertKind;
  level: AlertLevel;
  colour: AlertColour;
  campaignId: string;
  unitId: string;
  issueId: string | null;
  noticeId: string | null;
  activityId: string | null;
  /** Business date (YYYY-MM-DD, Asia/Shanghai). */
  raisedAt: string;
  clearedAt: string | null;
  details: Record<string, unknown>;
  subjectKind: SubjectKind;
  subjectId: string;
}

export interface Evaluation {
  alerts: Alert[];
  /**
   * The next business date on which time alone may change the result (a due date passing, a
   * respond-by date, the campaign's end); null when only a new event can.
   */
  nextCheckOn: string | null;
}

/** [from, to): the days a condition held; `to` null while it still holds. */
export interface Window {
  from: string;
  to: string | null;
}

export function makeAlert(
  kind: AlertKind,
  subject: { kind: SubjectKind; id: string },
  about: { campaignId: string; unitId: string; issueId?: string | null; noticeId?: string | null; activityId?: string | null },
  window: Window,
  details: Record<string, unknown>,
  discriminator = '',
): Alert {
  return {
    alertId: [subject.kind, subject.id, kind, discriminator, window.from].filter(Boolean).join(':'),
    kind,
    ...ALERT_STYLE[kind],
    campaignId: about.campaignId,
    unitId: about.unitId,
    issueId: about.issueId ?? null,
    noticeId: about.noticeId ?? null,
    activityId: about.activityId ?? null,
    raisedAt: window.from,
    clearedAt: window.to,
    details,
    subjectKind: subject.kind,
    subjectId: subject.id,
  };
}

/** The earliest of some dates (nulls ignored). */
export function earliest(...dates: Array<string | null | undefined>): string | null {
  const real = dates.filter((d): d is string => typeof d === 'string');
  return real.length ? real.reduce((a, b) => (b < a ? b : a)) : null;
}

export function latest(...dates: Array<string | null | undefined>): string | null {
  const real = dates.filter((d): d is string => typeof d === 'string');
  return real.length ? real.reduce((a, b) => (b > a ? b : a)) : null;
}

/**
 * Clips a candidate window [from, to) to what is known on `today`: nothing when it starts after
 * today or is empty; open (to = null) when it ends after today.
 */
export function clip(from: string, to: string | null, today: string): Window | null {
  if (from > today) return null;
  if (to !== null && to <= from) return null;
  return { from, to: to !== null && to <= today ? to : null };
}
