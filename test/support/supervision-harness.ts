import { CommandBus } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Database, EVENT_STORE, type EventMetadata, type NewEvent, type SqlEventStore } from '@banjie/event-store';
import { SYSTEM_ACTOR, type LaunchCampaign } from '@banjie/domain';
import { loadConfig, ManualClock, createHttpApp } from '@banjie/platform';
import {
  AcceptIssueCommand,
  CollectIssueCommand,
  LaunchCampaignCommand,
  RegisterEnterpriseCommand,
  RegisterUnitCommand,
} from '@banjie/application';
import { AppModule } from '../../apps/api/src/app.module';
import type { Backend, TestDatabase } from './databases';

/** A Beijing wall-clock time 'YYYY-MM-DD HH:mm' as an instant. */
export function bj(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}

export type TestActor = EventMetadata['actor'];
export const SUPERVISOR: TestActor = { userId: 'user-sup', unitId: 'unit-sup', role: 'supervisor' };
export const ADMIN: TestActor = { userId: 'user-admin', unitId: null, role: 'admin' };
export const officer = (unitId: string): TestActor => ({ userId: `user-${unitId}`, unitId, role: 'officer' });

/** A stored-event-to-be with realistic metadata; `at` is business time (Beijing wall clock). */
export function event(
  type: string,
  data: Record<string, unknown>,
  actor: TestActor,
  at: string,
  extra: Partial<EventMetadata> = {},
): NewEvent {
  return {
    type,
    data,
    occurredAt: bj(at),
    metadata: { actor, correlationId: `corr-${type}`, causationId: `cmd-${type}`, source: 'api', ...extra },
  };
}

/** The whole application (API + optionally the worker) on a fresh database of `backend`. */
export interface Harness {
  app: NestFastifyApplication;
  store: SqlEventStore;
  db: Database;
  clock: ManualClock;
  get(url: string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  post(
    url: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** Dispatches a command through the app's CommandBus (the same handlers HTTP uses). */
  exec<T = { id: string; version: number }>(command: object): Promise<T>;
  /** Closes the app and starts a new one on the same database, as a restarted process would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Process env for the app: trust-headers auth (no tokens in workflow tests), timers off. */
const TEST_ENV: Record<string, string> = {
  AUTH_MODE: 'trust-headers',
  DEADLINE_WATCHER_INTERVAL_MS: '0',
  ALERTS_EVALUATE_INTERVAL_MS: '0',
  ALERTS_DEBOUNCE_MS: '10',
  LOG_LEVEL: 'silent',
};

async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function startHarness(
  backend: Backend,
  options: { clock?: ManualClock; worker?: boolean; env?: Record<string, string> } = {},
): Promise<Harness> {
  const t: TestDatabase = await backend.open();
  await t.db.close(); // the app opens its own (PGlite: one process per data folder)
  const clock = options.clock ?? new ManualClock(bj('2023-07-10 10:00'));
  const env = { ...TEST_ENV, ...options.env };
  const config = loadConfig({ DATABASE_URL: t.location.databaseUrl ?? '', DATA_DIR: t.location.dataDir ?? './data', DEMO: '0', ...env });
  let app!: NestFastifyApplication;
  let base = '';
  const boot = async () => {
    app = await withEnv(env, () => createHttpApp(AppModule.forRoot({ config, clock, worker: options.worker ?? false })));
    // A real listener and fetch (Fastify's inject loads an ESM-only dependency Jest cannot require).
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  };
  await boot();
  const inject = async (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(base + url, {
      method,
      headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: Object.fromEntries(res.headers.entries()) };
  };
  const h: Harness = {
    app,
    store: app.get(EVENT_STORE),
    db: app.get(Database),
    clock,
    get: (url, headers) => inject('GET', url, undefined, headers),
    post: (url, body, headers) => inject('POST', url, body, headers),
    exec: (command) => app.get(CommandBus).execute(command as never),
    async restart() {
      await app.close();
      await boot();
      Object.assign(h, { app, store: app.get(EVENT_STORE), db: app.get(Database) });
    },
    async close() {
      await app.close();
      await t.dispose();
    },
  };
  return h;
}

/** Setup commands' metadata: the system, from the CLI (setup is not what these tests check). */
export const SYSTEM_META = { actor: SYSTEM_ACTOR, source: 'cli' as const };
export const TEST_ENTERPRISE = '91350100M000100Y43';

/**
 * Campaign c2023 (2023-04-20 … 06-30) with `sla`, prefecture units `[unitId, name]` (region: the
 * name's city) and TEST_ENTERPRISE, at the harness clock's time.
 */
export async function seedCampaign(
  h: Harness,
  sla: LaunchCampaign['data']['sla'],
  units: readonly (readonly [string, string])[],
): Promise<void> {
  await h.exec(
    new LaunchCampaignCommand({ campaignId: 'c2023', title: '服务企业月', startsOn: '2023-04-20', endsOn: '2023-06-30', sla }, SYSTEM_META),
  );
  for (const [unitId, name] of units)
    await h.exec(new RegisterUnitCommand({ unitId, name, level: 'prefecture', region: name.slice(0, 2) }, SYSTEM_META));
  await h.exec(new RegisterEnterpriseCommand({ creditCode: TEST_ENTERPRISE, name: '中源宏宇建设集团', region: '宜昌' }, SYSTEM_META));
}

/**
 * Issue `issueId` of unit-a in c2023, collected and accepted at `local` (Beijing wall clock), due
 * `dueOn` or by the campaign's SLA. Returns the due date the acceptance recorded.
 */
export async function acceptedIssue(h: Harness, issueId: string, local: string, dueOn?: string): Promise<string> {
  h.clock.set(bj(local));
  await h.exec(
    new CollectIssueCommand(
      {
        issueId,
        campaignId: 'c2023',
        unitId: 'unit-a',
        enterpriseCode: TEST_ENTERPRISE,
        kind: 'problem',
        category: '资质资格',
        title: `问题 ${issueId}`,
        description: '企业反映资质升级困难',
      },
      SYSTEM_META,
    ),
  );
  await h.exec(new AcceptIssueCommand({ issueId, ...(dueOn ? { dueOn } : {}) }, SYSTEM_META));
  return (await h.store.readStream(`issue-${issueId}`)).find((e) => e.type === 'IssueAccepted')!.data.dueOn as string;
}
