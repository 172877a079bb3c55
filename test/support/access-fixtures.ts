import { randomUUID } from 'node:crypto';
import type { Actor } from '@banjie/domain';
import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import {
  AcceptIssueCommand,
  CollectIssueCommand,
  GiveFeedbackCommand,
  HoldActivityCommand,
  IssueSupervisionNoticeCommand,
  LaunchCampaignCommand,
  RequestExtensionCommand,
  WithdrawIssueCommand,
  RegisterEnterpriseCommand,
  RegisterUnitCommand,
  ResolveIssueCommand,
} from '@banjie/application';
import type { AccessApp } from './access-app';
import { recordSecret } from './secrets';

export const CODE = '91350100M000100Y43';
export const CAMPAIGN = 'c1';
/** The same campaign with 办结审核 on: a resolution there is submitted for the office's review (issue #18). */
export const REVIEW_CAMPAIGN = 'c1-review';
/** 天门 prefecture P with its county C1 below it; another prefecture Q. The officer's view: own = P, child = C1, other = Q. */
export const UNITS = { own: 'u-p', child: 'u-c1', other: 'u-q' } as const;
export type Relation = keyof typeof UNITS;

export interface Caller {
  name: 'officer' | 'supervisor' | 'admin' | 'none' | 'revoked';
  token?: string;
}

export interface AccessWorld {
  tokens: { officer: string; childOfficer: string; otherOfficer: string; supervisor: string; admin: string; revoked: string };
  userIds: { officer: string; admin: string };
  callers: Caller[];
}

const SYSTEM: Partial<{ actor: Actor }> = {};

/** Units, an enterprise, the campaign (2023-05-01..06-30), and a user + token of every kind (one revoked). */
export async function seedAccessWorld(a: AccessApp): Promise<AccessWorld> {
  const run = (command: object) => a.commandBus.execute(command as never);
  await run(new RegisterUnitCommand({ unitId: UNITS.own, name: '天门市住建局', level: 'prefecture', region: '天门市' }, SYSTEM));
  await run(
    new RegisterUnitCommand(
      { unitId: UNITS.child, name: '天门市某县住建局', level: 'county', parentUnitId: UNITS.own, region: '天门市' },
      SYSTEM,
    ),
  );
  await run(new RegisterUnitCommand({ unitId: UNITS.other, name: '黄石市住建局', level: 'prefecture', region: '黄石市' }, SYSTEM));
  await run(new RegisterEnterpriseCommand({ creditCode: CODE, name: '湖北甲建设有限公司', region: '天门市' }, SYSTEM));
  await run(new LaunchCampaignCommand({ campaignId: CAMPAIGN, title: '服务企业月', startsOn: '2023-05-01', endsOn: '2023-06-30' }, SYSTEM));
  await run(
    new LaunchCampaignCommand(
      {
        campaignId: REVIEW_CAMPAIGN,
        title: '服务企业月（办结审核）',
        startsOn: '2023-05-01',
        endsOn: '2023-06-30',
        workflow: { resolutionNeedsReview: true },
      },
      SYSTEM,
    ),
  );

  const user = async (name: string, role: string, unitId: string | null) => {
    const u = await a.store.createUser({ name, role, unitId });
    const { token, info } = await a.store.createToken(u.userId);
    recordSecret(token, `bearer token of ${name}`);
    return { userId: u.userId, token, tokenId: info.tokenId };
  };
  const officer = await user('officer P', 'officer', UNITS.own);
  const childOfficer = await user('officer C1', 'officer', UNITS.child);
  const otherOfficer = await user('officer Q', 'officer', UNITS.other);
  const supervisor = await user('supervision office', 'supervisor', null);
  const admin = await user('admin', 'admin', null);
  const revoked = await user('officer P (revoked)', 'officer', UNITS.own);
  await a.store.revokeToken(revoked.tokenId);
  const tokens = {
    officer: officer.token,
    childOfficer: childOfficer.token,
    otherOfficer: otherOfficer.token,
    supervisor: supervisor.token,
    admin: admin.token,
    revoked: revoked.token,
  };
  return {
    tokens,
    userIds: { officer: officer.userId, admin: admin.userId },
    callers: [
      { name: 'officer', token: tokens.officer },
      { name: 'supervisor', token: tokens.supervisor },
      { name: 'admin', token: tokens.admin },
      { name: 'none' },
      { name: 'revoked', token: tokens.revoked },
    ],
  };
}

export type IssueStage =
  'pending' | 'in_progress' | 'resolved' | 'rated_dissatisfied' | 'extension_requested' | 'withdrawal_requested' | 'resolution_submitted';

/** A fresh issue of `unitId` brought to `stage` by the system actor; answers its id. */
export async function issueAt(a: AccessApp, unitId: string, stage: IssueStage): Promise<string> {
  const run = (command: object) => a.commandBus.execute(command as never);
  const issueId = randomUUID();
  await run(
    new CollectIssueCommand(
      {
        issueId,
        campaignId: stage === 'resolution_submitted' ? REVIEW_CAMPAIGN : CAMPAIGN,
        unitId,
        enterpriseCode: CODE,
        kind: 'problem',
        category: '工程款结算',
        title: '工程款拖欠',
        description: '项目竣工后工程款迟迟未结算',
      },
      SYSTEM,
    ),
  );
  if (stage === 'pending') return issueId;
  if (stage === 'withdrawal_requested') {
    await run(new WithdrawIssueCommand({ issueId, reason: '重复反映' }, SYSTEM));
    return issueId;
  }
  await run(new AcceptIssueCommand({ issueId, dueOn: '2023-06-30' }, SYSTEM));
  if (stage === 'in_progress') return issueId;
  if (stage === 'extension_requested') {
    await run(new RequestExtensionCommand({ issueId, dueOn: '2023-07-14', reason: '需协调多部门' }, SYSTEM));
    return issueId;
  }
  await run(new ResolveIssueCommand({ issueId, resolution: '已协调建设单位支付工程款' }, SYSTEM));
  if (stage === 'resolved' || stage === 'resolution_submitted') return issueId;
  await run(new GiveFeedbackCommand({ issueId, rating: 'dissatisfied', channel: 'callback' }, SYSTEM));
  return issueId;
}

export async function activityOf(a: AccessApp, unitId: string): Promise<string> {
  const activityId = randomUUID();
  await a.commandBus.execute(
    new HoldActivityCommand(
      {
        activityId,
        campaignId: CAMPAIGN,
        unitId,
        form: 'door_to_door',
        heldOn: '2023-06-20',
        enterpriseCodes: [CODE],
        summary: '上门走访',
      },
      SYSTEM,
    ) as never,
  );
  return activityId;
}

export async function noticeTo(a: AccessApp, unitId: string): Promise<string> {
  const noticeId = randomUUID();
  await a.commandBus.execute(
    new IssueSupervisionNoticeCommand(
      { noticeId, campaignId: CAMPAIGN, unitId, issueIds: [], reason: '办结率偏低', level: 'reminder' },
      SYSTEM,
    ) as never,
  );
  return noticeId;
}

export async function streamTypes(a: AccessApp, streamId: string): Promise<string[]> {
  return (await a.app.get<EventStore>(EVENT_STORE).readStream(streamId)).map((e) => e.type);
}
