/**
 * One step of the demo: a domain command as the command layer receives it, with the business
 * time it happened and who did it. `cli demo` sets its clock to `occurredAt` and dispatches.
 */
import {
  activityStream,
  campaignStream,
  enterpriseStream,
  issueStream,
  unitStream,
  type AcceptIssue,
  type Actor,
  type CollectIssue,
  type DecideWithdrawal,
  type GiveFeedback,
  type HoldActivity,
  type LaunchCampaign,
  type RecordProgress,
  type RegisterEnterprise,
  type RegisterUnit,
  type ReopenIssue,
  type ResolveIssue,
  type TransferIssue,
  type WithdrawIssue,
} from '@banjie/domain';

/** The commands the demo uses (the domain's command types). */
export type DemoCommand =
  | RegisterUnit
  | RegisterEnterprise
  | LaunchCampaign
  | HoldActivity
  | CollectIssue
  | AcceptIssue
  | TransferIssue
  | RecordProgress
  | ResolveIssue
  | GiveFeedback
  | ReopenIssue
  | WithdrawIssue
  | DecideWithdrawal;

export type DemoCommandName = DemoCommand['type'];

type StepOf<C extends DemoCommand> = {
  command: C['type'];
  data: C['data'];
  /** Business time, ISO 8601 in UTC (the demo thinks in Beijing time; see bj()). */
  occurredAt: string;
  actor: Actor;
};

/** A discriminated union on `command`: `switch (step.command)` narrows `data`. */
export type DemoStep = { [K in DemoCommandName]: StepOf<Extract<DemoCommand, { type: K }>> }[DemoCommandName];

/** The stream a step writes to (DESIGN §3 stream names). */
export function streamOf(step: DemoStep): string {
  switch (step.command) {
    case 'RegisterUnit':
      return unitStream(step.data.unitId);
    case 'RegisterEnterprise':
      return enterpriseStream(step.data.creditCode);
    case 'LaunchCampaign':
      return campaignStream(step.data.campaignId);
    case 'HoldActivity':
      return activityStream(step.data.activityId);
    case 'CollectIssue':
    case 'AcceptIssue':
    case 'TransferIssue':
    case 'RecordProgress':
    case 'ResolveIssue':
    case 'GiveFeedback':
    case 'ReopenIssue':
    case 'WithdrawIssue':
    case 'DecideWithdrawal':
      return issueStream(step.data.issueId);
    default: {
      const never: never = step;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The instant of a Beijing wall-clock time: `date` YYYY-MM-DD at `minute` minutes after midnight. */
export function bj(date: string, minute: number): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - BEIJING_OFFSET_MS + minute * 60_000);
}

const dateOfDay = new Map<number, string>();

/** The Beijing date and minute of day of an instant. */
export function beijingParts(instant: Date): { date: string; minute: number } {
  const shifted = instant.getTime() + BEIJING_OFFSET_MS;
  const day = Math.floor(shifted / 86_400_000);
  let date = dateOfDay.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dateOfDay.set(day, date);
  }
  return { date, minute: Math.floor((shifted - day * 86_400_000) / 60_000) };
}
