/**
 * What the runtime's fault tests share (issue #15): a bounded write load through HTTP with an
 * Idempotency-Key on every command (retried with the same key on 503), and the checks after a
 * fault — every command answered 2xx has its event, no key was applied twice, every subscription
 * is live with lag 0, and the read models equal a full rebuild from the events.
 */
import { Pool } from 'pg';
import { SqlEventStore, type StoredEvent } from '@banjie/event-store';
import { ALERTS, PROJECTIONS } from '@banjie/projections';
import { waitFor } from './cluster';
import { httpClient, officer, type Answer, type HttpClient } from './http-client';
import { SCENARIO_CAMPAIGN, creditCode, seedProvince } from './http-scenario';
import { buildGeneration, dropGeneration, snapshotTables } from './projection-helpers';
import { readEverything } from './projection-scenario';

export interface Sent {
  key: string;
  path: string;
  sentAt: number;
  answeredAt: number;
  answer: Answer;
}

export interface LoadOptions {
  clients?: number;
  /** Commands per client at most. */
  maxCommands?: number;
  /** Pause between one client's commands, ms. */
  paceMs?: number;
  /** A command is retried (same key) on 503 for at most this long. */
  retryForMs?: number;
  /**
   * Issues recorded back-dated and accepted with a due date already past, every other one left
   * open: the deadline watcher has work (IssueBecameOverdue), and so do the alerts.
   */
  overdue?: boolean;
}

/** The province the load writes into (units `${prefix}-city`, `${prefix}-county`; one activity each). */
export async function seedForLoad(api: HttpClient, prefix = 'ft'): Promise<void> {
  await seedProvince(api, {
    prefix,
    area: '420100',
    region: '湖北省',
    issuesPerUnit: 2,
    resolvedPerUnit: 1,
    satisfiedPerUnit: 1,
    dissatisfiedPerUnit: 0,
  });
}

/**
 * Clients that collect an issue, accept it and resolve it, again and again, until `stop()` or
 * their command budget is spent. Every request lands in `sent`.
 */
export function writeLoad(api: HttpClient, name: string, stop: () => boolean, options: LoadOptions = {}, prefix = 'ft') {
  const { clients = 3, maxCommands = 120, paceMs = 50, retryForMs = 60_000, overdue = false } = options;
  const back = (iso: string) => (overdue ? { occurredAt: iso } : {});
  const sent: Sent[] = [];
  async function command(path: string, body: unknown, key: string, as: Record<string, string>): Promise<Answer> {
    const giveUp = Date.now() + retryForMs;
    for (;;) {
      const sentAt = Date.now();
      const answer = await api.post(path, body, as, key);
      sent.push({ key, path, sentAt, answeredAt: Date.now(), answer });
      const retry =
        answer.status === 503 || answer.status === 0 || (answer.status === 409 && answer.body?.code === 'IDEMPOTENCY.IN_PROGRESS');
      if (!retry || Date.now() > giveUp || stop()) return answer;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  async function client(n: number): Promise<void> {
    const unit = n % 2 === 0 ? `${prefix}-city` : `${prefix}-county`;
    const as = officer(unit);
    const enterpriseCode = n % 2 === 0 ? creditCode('420100', 3) : creditCode('420100', 5);
    let left = 0;
    for (let i = 0; i < maxCommands && !stop();) {
      await new Promise((r) => setTimeout(r, paceMs));
      const tag = `${name}-c${n}-${i}`;
      const collected = await command(
        '/issues',
        {
          campaignId: SCENARIO_CAMPAIGN.id,
          unitId: unit,
          enterpriseCode,
          activityId: `${unit}-act`,
          kind: 'problem',
          category: '工程款结算',
          title: `故障 ${tag}`,
          description: '故障期间收集的问题',
          ...back('2023-06-10T02:00:00.000Z'),
        },
        `${tag}-collect`,
        as,
      );
      i++;
      if (collected.status !== 201 || stop()) continue;
      const id = collected.body.id as string;
      const accepted = await command(
        `/issues/${id}/accept`,
        overdue ? { ...back('2023-06-11T02:00:00.000Z'), dueOn: '2023-06-16' } : {},
        `${tag}-accept`,
        as,
      );
      i++;
      if (accepted.status !== 200 || stop() || (overdue && ++left % 2 === 1)) continue; // every other one stays open, overdue
      await command(`/issues/${id}/resolve`, { resolution: '已办结' }, `${tag}-resolve`, as);
      i++;
    }
  }
  const done = Promise.all(Array.from({ length: clients }, (_, n) => client(n))).then(() => sent);
  return { sent, done };
}

/**
 * Every committed event, in reader order. readAll holds back events younger than the oldest
 * transaction running anywhere in the cluster (the visibility rule) — on a shared server another
 * suite's transaction can do that for a moment — so it is read again (bounded) until it returns as
 * many events as the store holds.
 */
export async function readAllCommitted(store: SqlEventStore): Promise<StoredEvent[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const events = await readEverything(store);
    const total = await store.countEvents();
    if (events.length === total) return events;
    if (Date.now() > deadline) throw new Error(`readAll returned ${events.length} of ${total} events for 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ok = (s: Sent) => s.answer.status >= 200 && s.answer.status < 300;

/** Every command answered 2xx has its event (stream and version of the answer); no key was applied twice. */
export async function expectAnsweredCommandsStored(databaseUrl: string, sent: readonly Sent[]): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const keyed = (await readAllCommitted(new SqlEventStore('postgres', pool))).filter((e) => e.metadata.idempotencyKey);
    const byKey = new Map<string, { stream: string; version: number }[]>();
    for (const e of keyed)
      byKey.set(e.metadata.idempotencyKey!, [
        ...(byKey.get(e.metadata.idempotencyKey!) ?? []),
        { stream: e.streamId, version: e.streamVersion },
      ]);
    const answered = sent.filter(ok);
    const missing = answered.filter((s) => {
      const { id, version } = s.answer.body as { id: string; version: number };
      return !(byKey.get(s.key) ?? []).some((e) => e.stream === `issue-${id}` && e.version === version);
    });
    expect(missing.map((s) => `${s.key} → ${JSON.stringify(s.answer.body)}`)).toEqual([]);
    const twice = [...byKey].filter(([, events]) => events.length > 1);
    expect(twice.map(([key, events]) => `${key}: ${JSON.stringify(events)}`)).toEqual([]);
    return answered.length;
  } finally {
    await pool.end();
  }
}

/**
 * No 500 and no answer other than 2xx, 503 DATABASE.UNAVAILABLE or 409 IDEMPOTENCY.IN_PROGRESS —
 * and, with `streamConflicts`, 409 STREAM.CONCURRENCY (the deadline watcher wrote to the issue
 * between the command's load and its append: an honest refusal, nothing written).
 */
export function expectCleanAnswers(sent: readonly Sent[], options: { streamConflicts?: boolean } = {}): void {
  const unexpected = sent.filter(
    (s) =>
      !(
        ok(s) ||
        (options.streamConflicts && s.answer.status === 409 && s.answer.body?.code === 'STREAM.CONCURRENCY') ||
        (s.answer.status === 503 && s.answer.body?.code === 'DATABASE.UNAVAILABLE') ||
        (s.answer.status === 409 && s.answer.body?.code === 'IDEMPOTENCY.IN_PROGRESS')
      ),
  );
  expect(unexpected.map((s) => `${s.path} ${s.answer.status} ${JSON.stringify(s.answer.body) ?? s.answer.error}`)).toEqual([]);
}

/**
 * /health of `base` says every subscription it runs is live and every projection's lag is 0
 * (within `timeoutMs`); answers how long that took.
 */
export async function waitForLiveAndCaughtUp(base: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const ops = httpClient(base);
  let last: unknown = null;
  await waitFor(
    'every subscription live with lag 0',
    async () => {
      const h = await ops.get('/health', {});
      last = h.body ?? h.error;
      return (
        h.status === 200 &&
        h.body.projectorLag === 0 &&
        h.body.projections.length === PROJECTIONS.length &&
        h.body.runtime.subscriptions.length === PROJECTIONS.length &&
        h.body.runtime.subscriptions.every((s: { state: string }) => s.state === 'live')
      );
    },
    timeoutMs,
    250,
  ).catch((error) => {
    throw new Error(`${(error as Error).message}; last /health: ${JSON.stringify(last)}`);
  });
  return Date.now() - started;
}

/** Every read model except the alerts (written by the evaluator, not by the fold) equals a rebuild from all events. */
export async function expectReadModelsEqualRebuild(databaseUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const events = await readAllCommitted(new SqlEventStore('postgres', pool));
    for (const [i, def] of PROJECTIONS.entries()) {
      if (def.name === ALERTS) continue;
      const live = await snapshotTables(pool, def);
      const scratch = 9100 + i;
      await buildGeneration(pool, def, scratch, events);
      try {
        expect({ projection: def.name, tables: await snapshotTables(pool, def, scratch) }).toEqual({ projection: def.name, tables: live });
      } finally {
        await dropGeneration(pool, def, scratch);
      }
    }
  } finally {
    await pool.end();
  }
}
