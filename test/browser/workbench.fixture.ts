import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { CommandBus } from '@nestjs/cqrs';
import { AccessStore } from '@banjie/access';
import { creditCodeCheckChar } from '@banjie/domain';
import { ManualClock } from '@banjie/platform';
import {
  CollectIssueCommand,
  IssueSupervisionNoticeCommand,
  LaunchCampaignCommand,
  RegisterEnterpriseCommand,
  RegisterUnitCommand,
} from '@banjie/application';
import { startApp, type RunningApp } from '../support/browser';
import { recordSecret } from '../support/secrets';

/**
 * The workbench's world, written through the real command layer: a prefecture bureau (荆州) with a
 * county bureau below it (洪湖), an unrelated prefecture bureau (黄石), two enterprises, the 2023
 * campaign, and an officer token for each bureau. The clock is frozen on Tuesday 2023-06-20, two
 * days before the Dragon Boat Festival (端午节 06-22..24, with Sunday 06-25 worked), so that
 * "15 working days from today" is a real calendar question.
 */
export const NOW = '2023-06-20T10:00:00+08:00';
export const TODAY = '2023-06-20';
export const CAMPAIGN = {
  campaignId: 'wb-2023',
  title: '2023年全省住建系统“服务企业月”活动',
  startsOn: '2023-05-01',
  endsOn: '2023-06-30',
};
export const UNITS = {
  own: { unitId: 'wb-jingzhou', name: '荆州市住建局', level: 'prefecture' as const, region: '荆州市' },
  child: { unitId: 'wb-honghu', name: '洪湖市住建局', level: 'county' as const, parentUnitId: 'wb-jingzhou', region: '荆州市' },
  other: { unitId: 'wb-huangshi', name: '黄石市住建局', level: 'prefecture' as const, region: '黄石市' },
};

const code = (first17: string) => first17 + creditCodeCheckChar(first17);
/** Picked by credit code in the test (typed with a wrong check character first). */
export const ENTERPRISE_A = { creditCode: code('91421000MA49A0001'), name: '荆州甲建筑工程有限公司', region: '荆州市' };
/** Picked by name. */
export const ENTERPRISE_B = { creditCode: code('91421000MA49B0002'), name: '荆州乙市政建设有限公司', region: '荆州市' };

export interface WorkbenchWorld {
  running: RunningApp;
  clock: ManualClock;
  tokens: { officer: string; secondOfficer: string; otherOfficer: string };
  /** An issue of the county bureau: its parent sees it read-only. */
  childIssueId: string;
  run(command: object): Promise<{ id: string; version: number }>;
}

export async function startWorkbenchWorld(): Promise<WorkbenchWorld> {
  const clock = new ManualClock(new Date(NOW));
  const running = await startApp({ clock });
  const bus = running.app.get(CommandBus);
  const run = (command: object) => bus.execute(command as never) as Promise<{ id: string; version: number }>;
  for (const u of Object.values(UNITS)) await run(new RegisterUnitCommand(u));
  for (const e of [ENTERPRISE_A, ENTERPRISE_B]) await run(new RegisterEnterpriseCommand(e));
  await run(new LaunchCampaignCommand(CAMPAIGN));
  const childIssueId = randomUUID();
  await run(
    new CollectIssueCommand(
      {
        issueId: childIssueId,
        campaignId: CAMPAIGN.campaignId,
        unitId: UNITS.child.unitId,
        enterpriseCode: ENTERPRISE_A.creditCode,
        kind: 'suggestion',
        category: '政策咨询',
        title: '希望简化县级施工许可材料',
        description: '县里要求的材料比市里多三项',
      },
      { occurredAt: new Date('2023-06-12T10:00:00+08:00') },
    ),
  );

  const store = running.app.get(AccessStore, { strict: false });
  const token = async (name: string, unitId: string) => {
    const user = await store.createUser({ name, role: 'officer', unitId });
    const { token } = await store.createToken(user.userId, { label: 'workbench browser test' });
    recordSecret(token, `bearer token of ${name}`);
    return token;
  };
  const tokens = {
    officer: await token('王敏（荆州）', UNITS.own.unitId),
    secondOfficer: await token('李强（荆州）', UNITS.own.unitId),
    otherOfficer: await token('张伟（黄石）', UNITS.other.unitId),
  };
  return { running, clock, tokens, childIssueId, run };
}

/** A supervision notice on an issue (the office's 黄牌督办), for the badge and the answer form. */
export function noticeCommand(unitId: string, issueIds: string[]) {
  return new IssueSupervisionNoticeCommand(
    {
      noticeId: randomUUID(),
      campaignId: CAMPAIGN.campaignId,
      unitId,
      issueIds,
      reason: '企业反映办理进度慢，请说明情况',
      level: 'yellow',
      respondBy: '2023-06-27',
    } as never,
    { actor: { userId: 'office', unitId: null, role: 'supervisor' } },
  );
}

/** Signs in through the page's own login box (the token lives in the tab's sessionStorage). */
export async function signIn(page: Page, baseUrl: string, token: string, hash = '#/') {
  await page.goto(`${baseUrl}/workbench${hash}`);
  await page.waitForSelector('[data-state=signed-out]');
  await page.fill('#login input[name=token]', token);
  await page.click('#login button[type=submit]');
  await page.waitForSelector('#context:not([hidden])');
}

/** POSTs a command as a user, as another client would (for the concurrent-change test). */
export async function apiPost(baseUrl: string, token: string, path: string, body: object, headers: Record<string, string> = {}) {
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function apiGet(baseUrl: string, token: string, path: string) {
  const response = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
