import request from 'supertest';
import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import type { WorkflowApp } from './workflow-app';

export type Headers = Record<string, string>;

export const OFFICER_A: Headers = { 'x-actor': 'user-a', 'x-unit': 'u-a', 'x-role': 'officer' };
export const OFFICER_B: Headers = { 'x-actor': 'user-b', 'x-unit': 'u-b', 'x-role': 'officer' };
export const SUPERVISOR: Headers = { 'x-actor': 'user-s', 'x-role': 'supervisor' };
export const ADMIN: Headers = { 'x-actor': 'user-admin', 'x-role': 'admin' };

export const CODE = '91350100M000100Y43';
export const OTHER_CODE = '914403001922038216';

/** supertest on the app's server. */
export function http(w: WorkflowApp) {
  const server = () => w.app.getHttpServer();
  return {
    post: (url: string, body?: unknown, headers: Headers = {}) => {
      const r = request(server()).post(url).set(headers);
      return body === undefined ? r : r.send(body as object);
    },
    get: (url: string, headers: Headers = {}) => request(server()).get(url).set(headers),
    raw: () => request(server()),
  };
}

/** Two prefecture units, two enterprises, the campaign `c1` (2023-05-01..06-30) and one activity of u-a. */
export async function seedWorkflow(w: WorkflowApp): Promise<void> {
  const { post } = http(w);
  const ok = async (p: PromiseLike<{ status: number; text: string }>) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`seed failed: ${r.status} ${r.text}`);
  };
  await ok(post('/units', { id: 'u-a', name: '天门市住建局', level: 'prefecture', region: '天门市' }, ADMIN));
  await ok(post('/units', { id: 'u-b', name: '天门市住保中心', level: 'prefecture', region: '天门市' }, ADMIN));
  await ok(post('/enterprises', { creditCode: CODE, name: '湖北甲建设有限公司', region: '天门市' }, OFFICER_A));
  await ok(post('/enterprises', { creditCode: OTHER_CODE, name: '湖北乙建材有限公司', region: '天门市' }, OFFICER_A));
  await ok(post('/campaigns', { id: 'c1', title: '服务企业月', startsOn: '2023-05-01', endsOn: '2023-06-30' }, ADMIN));
  await ok(
    post(
      '/activities',
      {
        id: 'act-1',
        campaignId: 'c1',
        unitId: 'u-a',
        form: 'door_to_door',
        heldOn: '2023-06-20',
        enterpriseCodes: [CODE, OTHER_CODE],
        summary: '上门走访',
      },
      OFFICER_A,
    ),
  );
}

let counter = 0;
/** Collects a fresh issue with u-a; returns its id. */
export async function collect(w: WorkflowApp, extra: Record<string, unknown> = {}): Promise<string> {
  const id = `issue-${++counter}-${Date.now().toString(36)}`;
  const r = await http(w).post(
    '/issues',
    {
      id,
      campaignId: 'c1',
      unitId: 'u-a',
      enterpriseCode: CODE,
      activityId: 'act-1',
      kind: 'problem',
      category: '工程款结算',
      title: '工程款拖欠',
      description: '项目竣工后工程款迟迟未结算',
      ...extra,
    },
    OFFICER_A,
  );
  if (r.status !== 201) throw new Error(`collect failed: ${r.status} ${r.text}`);
  return id;
}

/** The stored events of one stream (type, data, metadata, occurred_at). */
export async function streamEvents(w: WorkflowApp, streamId: string) {
  const events = await w.app.get<EventStore>(EVENT_STORE).readStream(streamId);
  return events.map((e) => ({
    type: e.type,
    data: e.data as any,
    metadata: e.metadata as any,
    occurred_at: e.occurredAt,
    stream_version: e.streamVersion,
  }));
}
