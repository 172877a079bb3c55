/**
 * Schedule settings of the worker's supervision jobs, from the environment (documented in
 * docs/supervision.md and the README's configuration table). 0 turns the timer off: the job then
 * runs only at start and (alerts) after new events.
 */
export interface SupervisionScheduleSettings {
  /** DEADLINE_WATCHER_INTERVAL_MS (default 60 000): how often the deadline watcher looks. */
  deadlineWatcherIntervalMs: number;
  /** ALERTS_EVALUATE_INTERVAL_MS (default 60 000): how often time-based alerts are re-evaluated. */
  alertsEvaluateIntervalMs: number;
  /** ALERTS_DEBOUNCE_MS (default 250): wait after a batch of events before evaluating. */
  alertsDebounceMs: number;
}

export const SUPERVISION_SCHEDULE = Symbol('SUPERVISION_SCHEDULE');

function ms(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 86_400_000) throw new Error(`${name}: "${raw}" is not a number of milliseconds (0..86400000)`);
  return Number(raw);
}

export function loadScheduleSettings(env: NodeJS.ProcessEnv = process.env): SupervisionScheduleSettings {
  return {
    deadlineWatcherIntervalMs: ms(env, 'DEADLINE_WATCHER_INTERVAL_MS', 60_000),
    alertsEvaluateIntervalMs: ms(env, 'ALERTS_EVALUATE_INTERVAL_MS', 60_000),
    alertsDebounceMs: ms(env, 'ALERTS_DEBOUNCE_MS', 250),
  };
}
