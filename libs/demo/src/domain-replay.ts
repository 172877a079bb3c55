/**
 * Runs demo steps through the domain's deciders in memory — the same rules the command
 * handlers apply, without Nest or a database — so the spec proves every step is accepted
 * (right state, right actor, business time in order) before anything is dispatched.
 */
import {
  ChineseWorkingCalendar,
  acceptIssue,
  collectIssue,
  evolveActivity,
  evolveCampaign,
  evolveEnterprise,
  evolveIssue,
  evolveUnit,
  giveFeedback,
  holdActivity,
  initialActivityState,
  initialCampaignState,
  initialEnterpriseState,
  initialIssueState,
  initialUnitState,
  launchCampaign,
  normalizeCreditCode,
  recordProgress,
  registerEnterprise,
  registerUnit,
  reopenIssue,
  resolveIssue,
  transferIssue,
  withdrawIssue,
  decideWithdrawal,
  type ActivityState,
  type CampaignState,
  type CommandContext,
  type EnterpriseState,
  type IssueState,
  type UnitState,
} from '@banjie/domain';
import { streamOf, type DemoStep } from './demo-step';

export class DemoReplayError extends Error {
  constructor(
    readonly index: number,
    readonly step: DemoStep,
    override readonly cause: unknown,
  ) {
    super(`step ${index} (${step.command} at ${step.occurredAt}) rejected: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export interface DemoReplayResult {
  events: number;
  eventsByType: Record<string, number>;
  streams: number;
}

/** Throws DemoReplayError at the first step a decider rejects. `now` is each step's own time, as the demo's clock. */
export function replayThroughDomain(steps: readonly DemoStep[]): DemoReplayResult {
  const calendar = new ChineseWorkingCalendar();
  const units = new Map<string, UnitState>();
  const enterprises = new Map<string, EnterpriseState>();
  const campaigns = new Map<string, CampaignState>();
  const activities = new Map<string, ActivityState>();
  const issues = new Map<string, IssueState>();
  const eventsByType: Record<string, number> = {};
  const streams = new Set<string>();
  let events = 0;

  steps.forEach((step, index) => {
    const at = new Date(step.occurredAt);
    const ctx: CommandContext = { actor: step.actor, occurredAt: at, now: at };
    try {
      const produced: Array<{ type: string; data: unknown }> = [];
      switch (step.command) {
        case 'RegisterUnit': {
          const s = units.get(step.data.unitId) ?? initialUnitState();
          const parent = step.data.parentUnitId ? (units.get(step.data.parentUnitId) ?? null) : undefined;
          const out = registerUnit(s, { type: step.command, data: step.data }, ctx, { parent });
          units.set(step.data.unitId, out.reduce(evolveUnit, s));
          produced.push(...out);
          break;
        }
        case 'RegisterEnterprise': {
          const code = normalizeCreditCode(step.data.creditCode);
          const s = enterprises.get(code) ?? initialEnterpriseState();
          const out = registerEnterprise(s, { type: step.command, data: step.data }, ctx);
          enterprises.set(code, out.reduce(evolveEnterprise, s));
          produced.push(...out);
          break;
        }
        case 'LaunchCampaign': {
          const s = campaigns.get(step.data.campaignId) ?? initialCampaignState();
          const out = launchCampaign(s, { type: step.command, data: step.data }, ctx);
          campaigns.set(step.data.campaignId, out.reduce(evolveCampaign, s));
          produced.push(...out);
          break;
        }
        case 'HoldActivity': {
          const s = activities.get(step.data.activityId) ?? initialActivityState();
          const registered = new Set(step.data.enterpriseCodes.map(normalizeCreditCode).filter((c) => enterprises.has(c)));
          const out = holdActivity(s, { type: step.command, data: step.data }, ctx, {
            campaign: campaigns.get(step.data.campaignId) ?? null,
            unit: units.get(step.data.unitId) ?? null,
            registeredEnterprises: registered,
          });
          activities.set(step.data.activityId, out.reduce(evolveActivity, s));
          produced.push(...out);
          break;
        }
        case 'CollectIssue': {
          const s = issues.get(step.data.issueId) ?? initialIssueState();
          const out = collectIssue(s, { type: step.command, data: step.data }, ctx, {
            campaign: campaigns.get(step.data.campaignId) ?? null,
            unit: units.get(step.data.unitId) ?? null,
            enterpriseRegistered: enterprises.has(normalizeCreditCode(step.data.enterpriseCode)),
            activity: step.data.activityId ? (activities.get(step.data.activityId) ?? null) : undefined,
          });
          issues.set(step.data.issueId, out.reduce(evolveIssue, s));
          produced.push(...out);
          break;
        }
        default: {
          const s = issues.get(step.data.issueId) ?? initialIssueState();
          let out;
          switch (step.command) {
            case 'AcceptIssue':
              out = acceptIssue(s, { type: step.command, data: step.data }, ctx, {
                campaign: campaigns.get(s.campaignId ?? '') ?? null,
                calendar,
              });
              break;
            case 'TransferIssue':
              out = transferIssue(s, { type: step.command, data: step.data }, ctx, { toUnit: units.get(step.data.toUnitId) ?? null });
              break;
            case 'RecordProgress':
              out = recordProgress(s, { type: step.command, data: step.data }, ctx);
              break;
            case 'ResolveIssue':
              out = resolveIssue(s, { type: step.command, data: step.data }, ctx, { campaign: campaigns.get(s.campaignId ?? '') ?? null });
              break;
            case 'GiveFeedback':
              out = giveFeedback(s, { type: step.command, data: step.data }, ctx);
              break;
            case 'ReopenIssue':
              out = reopenIssue(s, { type: step.command, data: step.data }, ctx);
              break;
            case 'WithdrawIssue':
              out = withdrawIssue(s, { type: step.command, data: step.data }, ctx, { campaign: campaigns.get(s.campaignId ?? '') ?? null });
              break;
            case 'DecideWithdrawal':
              out = decideWithdrawal(s, { type: step.command, data: step.data }, ctx);
              break;
            default: {
              const never: never = step;
              throw new Error(`unknown step ${JSON.stringify(never)}`);
            }
          }
          issues.set(step.data.issueId, out.reduce(evolveIssue, s));
          produced.push(...out);
        }
      }
      if (produced.length === 0) throw new Error('decided no event');
      for (const e of produced) eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
      events += produced.length;
      streams.add(streamOf(step));
    } catch (error) {
      throw new DemoReplayError(index, step, error);
    }
  });
  return { events, eventsByType, streams: streams.size };
}
