import { randomUUID } from 'node:crypto';
import { tamperWithStoredEvent } from './testing';
import { Client } from 'pg';
import { describeEachBackend, type TestDatabase } from '../../../test/support/databases';
import {
  AnchorsAheadError,
  CHECKPOINT_STREAM,
  CHECKPOINT_TYPE,
  ConcurrencyError,
  Database,
  DataDirLockedError,
  EVENT_STORE_MIGRATIONS,
  SqlEventStore,
  Supervisor,
  eventHash,
  type EventStore,
  type NewEvent,
  type SqlSession,
  type StoredEvent,
} from './index';

const meta = { actor: { userId: 'u1', unitId: 'unit-1', role: 'officer' }, correlationId: 'c1', causationId: null, source: 'cli' } as const;
const ev = (type: string, data: Record<string, unknown> = {}, extra: Partial<NewEvent> = {}): NewEvent => ({
  type,
  data,
  metadata: { ...meta },
  ...extra,
});

/**
 * Waits until every committed event is readable. On a shared PostgreSQL server another test's
 * open transaction — in any database of the cluster — holds readers back for a while (the
 * visibility rule is cluster-wide, docs/event-store.md); that delays, it must never lose.
 */
async function settled(store: EventStore, pool: SqlSession, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM events`);
  while ((await all(store)).length < rows[0].n) {
    if (Date.now() > deadline) throw new Error(`committed events still unreadable after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function all(store: EventStore, options = {}): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of store.readAll(options)) out.push(...batch);
  return out;
}

/**
 * readAll once it shows at least `count` events (bounded by 30 s). A reader holds back events
 * newer than the oldest transaction still open anywhere on the server (pg_snapshot_xmin is
 * cluster-wide), so a suite running beside this one on the shared server can delay — never
 * reorder — what becomes visible; the assertions after it are about what and in which order.
 */
async function allOnceVisible(store: EventStore, count: number, options = {}): Promise<StoredEvent[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const seen = await all(store, options);
    if (seen.length >= count || Date.now() > deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The one contract every adapter keeps (STYLE.md: one suite over every adapter). */
describeEachBackend('event store contract', (backend) => {
  let t: TestDatabase;
  let store: SqlEventStore;

  beforeEach(async () => {
    t = await backend.open({ migrations: EVENT_STORE_MIGRATIONS });
    await t.db.migrate();
    store = new SqlEventStore(t.db.kind, t.db.pool, t.db.listenConfig);
  });
  afterEach(async () => {
    await store.close();
    await t.dispose();
  });

  it('stores the whole envelope and reads a stream back in order', async () => {
    const occurredAt = new Date('2023-05-04T02:00:00.000Z');
    const r = await store.append('issue-1', 'no_stream', [
      ev('IssueCollected', { title: '资质' }, { occurredAt }),
      ev('IssueAccepted', { dueOn: '2023-05-10' }),
    ]);
    expect(r).toMatchObject({ nextVersion: 2, duplicate: false });
    expect(r.positions[1]).toBeGreaterThan(r.positions[0]);
    const events = await store.readStream('issue-1');
    expect(events.map((e) => [e.type, e.streamVersion])).toEqual([
      ['IssueCollected', 1],
      ['IssueAccepted', 2],
    ]);
    const [first, second] = events;
    expect(first.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.occurredAt.toISOString()).toBe(occurredAt.toISOString());
    expect(first.recordedAt).toBeInstanceOf(Date);
    expect(second.occurredAt.getTime()).toBe(second.recordedAt.getTime()); // business time defaults to now
    expect(first.data).toEqual({ title: '资质' });
    expect(first.metadata).toMatchObject(meta);
    expect(first.schemaVersion).toBe(1);
    expect(first.prevHash).toBeNull();
    expect(second.prevHash).toBe(first.hash);
    expect(first.position).toBe(r.positions[0]);
    const backward = await store.readStream('issue-1', { direction: 'backward', maxCount: 1 });
    expect(backward.map((e) => e.streamVersion)).toEqual([2]);
    expect(await store.readStream('issue-1', { fromVersion: 2 })).toHaveLength(1);
  });

  it('enforces the expected version', async () => {
    await store.append('s', 'no_stream', [ev('A')]);
    await expect(store.append('s', 'no_stream', [ev('B')])).rejects.toMatchObject({
      name: 'ConcurrencyError',
      expected: 'no_stream',
      actual: 1,
    });
    await expect(store.append('s', 0, [ev('B')])).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append('s', 2, [ev('B')])).rejects.toMatchObject({ streamId: 's', expected: 2, actual: 1 });
    expect((await store.append('s', 1, [ev('B')])).nextVersion).toBe(2);
    expect((await store.append('s', 'any', [ev('C')])).nextVersion).toBe(3);
    expect(await store.streamVersion('s')).toBe(3);
    expect(await store.streamVersion('nothing')).toBe(0);
  });

  it('lets exactly one of 16 concurrent writers win each version, with no gaps', async () => {
    const writers = 16;
    const rounds = 3;
    let conflicts = 0;
    const wins: number[] = [];
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let done = 0; done < rounds;) {
          const version = await store.streamVersion('race');
          try {
            const r = await store.append('race', version, [ev('Wrote', { w })]);
            wins.push(r.nextVersion);
            done++;
          } catch (error) {
            expect(error).toBeInstanceOf(ConcurrencyError);
            expect((error as ConcurrencyError).actual).toBeGreaterThan(version);
            conflicts++;
          }
        }
      }),
    );
    const events = await store.readStream('race');
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: writers * rounds }, (_, i) => i + 1));
    expect([...wins].sort((a, b) => a - b)).toEqual(events.map((e) => e.streamVersion));
    events.slice(1).forEach((e, i) => expect(e.prevHash).toBe(events[i].hash));
    if (backend.kind === 'postgres') expect(conflicts).toBeGreaterThan(0);
  });

  it('answers 16 simultaneous first writes with one winner and 15 ConcurrencyErrors', async () => {
    const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => store.append('first', 'no_stream', [ev('A', { i })])));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(losers).toHaveLength(15);
    losers.forEach((l) => expect(l.reason).toMatchObject({ name: 'ConcurrencyError', actual: 1 }));
  });

  it('treats a retried append of the same event ids as a no-op returning the first positions', async () => {
    const batch = [ev('A', {}, { eventId: randomUUID() }), ev('B', {}, { eventId: randomUUID() })];
    const first = await store.append('idem', 'no_stream', batch);
    const retry = await store.append('idem', 'no_stream', batch);
    expect(retry).toEqual({ ...first, duplicate: true });
    const retryAny = await store.append('idem', 'any', batch);
    expect(retryAny.positions).toEqual(first.positions);
    expect(await store.readStream('idem')).toHaveLength(2);
    // the same id somewhere else is a client bug, not a retry
    await expect(store.append('elsewhere', 'no_stream', [batch[0]])).rejects.toMatchObject({ name: 'DuplicateEventError' });
    // concurrent retries of one request still write once
    const again = [ev('C', {}, { eventId: randomUUID() })];
    const results = await Promise.all(Array.from({ length: 8 }, () => store.append('idem', 2, again)));
    expect(new Set(results.map((r) => r.positions[0])).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await store.readStream('idem')).toHaveLength(3);
  });

  it('loadStream reads from a version on, with the head and the base hash', async () => {
    const occurredAt = new Date('2024-05-04T02:00:00.123Z');
    const first = await store.append('ls', 'no_stream', [ev('A', { n: 1 }, { occurredAt }), ev('B', { n: 2 })]);
    expect(first.lastHash).toMatch(/^[0-9a-f]{64}$/);
    const whole = await store.loadStream('ls');
    expect(whole.events.map((e) => [e.streamVersion, e.type, e.data])).toEqual([
      [1, 'A', { n: 1 }],
      [2, 'B', { n: 2 }],
    ]);
    expect(whole.events[0].occurredAt.toISOString()).toBe(occurredAt.toISOString());
    expect(whole.head).toEqual({ version: 2, hash: first.lastHash });
    expect(whole.baseHash).toBeNull();
    const stored = await store.readStream('ls');
    const tail = await store.loadStream('ls', { fromVersion: 3 });
    expect(tail.events).toEqual([]);
    expect(tail.baseHash).toBe(stored[1].hash);
    expect(tail.head).toEqual({ version: 2, hash: stored[1].hash });
    const r = await store.append('ls', 2, [ev('C'), ev('D')], { head: tail.head });
    expect(r).toMatchObject({ nextVersion: 4, duplicate: false });
    const after = await store.readStream('ls');
    expect(after.map((e) => e.position).slice(2)).toEqual(r.positions);
    expect(after[2].position).toBeGreaterThan(stored[1].position);
    expect(after[3].position).toBeGreaterThan(after[2].position);
    expect(after[2].prevHash).toBe(stored[1].hash);
    expect(after[3].recordedAt.getTime()).toBe(after[2].recordedAt.getTime());
    expect(r.lastHash).toBe(after[3].hash);
    expect(await store.verify('ls')).toMatchObject({ ok: true, events: 4 });
    expect((await store.loadStream('nothing', { fromVersion: 1 })).head).toEqual({ version: 0, hash: null });
  });

  it('the hash link is computed as eventHash computes it, for any data, times and ids', async () => {
    const odd = {
      text: '引号 " 反斜杠 \\ 换行 \n 制表 \t \u0001 😀 </script>',
      nested: { z: [1, 2.5, -0, 1e21, 1e-7, null, true], a: { b: 'c' }, '': 'empty key', é: 1, Z: 2 },
      when: new Date('2023-07-10T00:00:00.000Z'),
    };
    const upper = randomUUID().toUpperCase();
    const r = await store.append('odd', 'no_stream', [
      ev('Odd', odd, { occurredAt: new Date('0999-12-31T23:59:59.999Z'), schemaVersion: 3 }),
      ev('类型 "quoted"', { x: undefined, y: 1 }, { eventId: upper }),
      ev('Now', {}),
    ]);
    const stored = await store.readStream('odd');
    for (const e of stored) {
      const { hash, transactionId, ...rest } = e;
      void transactionId;
      expect(eventHash(rest)).toBe(hash);
    }
    expect(stored[0].schemaVersion).toBe(3);
    expect(stored[0].occurredAt.toISOString()).toBe('0999-12-31T23:59:59.999Z');
    expect(stored[2].occurredAt.getTime()).toBe(stored[2].recordedAt.getTime());
    expect(r.lastHash).toBe(stored[2].hash);
    expect(await store.verify('odd')).toMatchObject({ ok: true, events: 3 });
  });

  it('the hash link of an append of one event (its own statement) is eventHash too', async () => {
    const upper = randomUUID().toUpperCase();
    const first = await store.append('odd-one', 'no_stream', [
      ev(
        'Odd',
        { text: '引号 " 反斜杠 \\ 换行 \n 制表 \t \u0001 😀', n: [1e21, -0, 1e-7] },
        { occurredAt: new Date('0999-12-31T23:59:59.999Z') },
      ),
    ]);
    await store.append('odd-one', 1, [ev('类型 "quoted"', { x: undefined, y: 1 }, { eventId: upper, schemaVersion: 2 })], {
      head: { version: 1, hash: first.lastHash ?? null },
    });
    const last = await store.append('odd-one', 'any', [ev('Now', {})]);
    const stored = await store.readStream('odd-one');
    expect(stored.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    for (const e of stored) {
      const { hash, transactionId, ...rest } = e;
      void transactionId;
      expect(eventHash(rest)).toBe(hash);
    }
    expect(stored[1].eventId).toBe(upper.toLowerCase());
    expect(stored[2].occurredAt.getTime()).toBe(stored[2].recordedAt.getTime());
    expect(last).toMatchObject({ nextVersion: 3, positions: [stored[2].position], lastHash: stored[2].hash, duplicate: false });
    expect(await store.verify('odd-one')).toMatchObject({ ok: true, events: 3 });
  });

  it('append with a head that moved on, or a head with another hash, fails like a racing writer, and writes nothing', async () => {
    await store.append('moved', 'no_stream', [ev('A')]);
    const seen = await store.loadStream('moved');
    await store.append('moved', 1, [ev('B')]);
    await expect(store.append('moved', 1, [ev('C')], { head: seen.head })).rejects.toMatchObject({
      name: 'ConcurrencyError',
      expected: 1,
      actual: 2,
    });
    // the right version with another hash: not the stream the caller folded
    await expect(store.append('moved', 2, [ev('C')], { head: { version: 2, hash: 'f'.repeat(64) } })).rejects.toMatchObject({
      name: 'ConcurrencyError',
      actual: 2,
    });
    // a head that does not match the expected version is ignored: the expected version decides
    await expect(store.append('moved', 2, [ev('C')], { head: seen.head })).resolves.toMatchObject({
      nextVersion: 3,
    });
    expect((await store.readStream('moved')).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    expect(await store.verify('moved')).toMatchObject({ ok: true });
  });

  it('lets exactly one of 16 writers with loaded heads win each version, positions in version order', async () => {
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: 16 }, async (_, w) => {
        for (let done = 0; done < 3;) {
          const { head } = await store.loadStream('race2');
          try {
            await store.append('race2', head.version === 0 ? 'no_stream' : head.version, [ev('Wrote', { w })], { head });
            done++;
          } catch (error) {
            expect(error).toBeInstanceOf(ConcurrencyError);
            conflicts++;
          }
        }
      }),
    );
    const events = await store.readStream('race2');
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    events.slice(1).forEach((e, i) => expect(e.position).toBeGreaterThan(events[i].position));
    expect(await store.verify('race2')).toMatchObject({ ok: true, events: 48 });
    if (backend.kind === 'postgres') expect(conflicts).toBeGreaterThan(0);
  });

  it('reads all events in commit order, in batches, filtered by type or stream prefix', async () => {
    for (let i = 0; i < 25; i++) await store.append(`issue-${i % 5}`, 'any', [ev(i % 2 ? 'Odd' : 'Even', { i })]);
    await settled(store, t.db.pool);
    const everything = await all(store, { batchSize: 7 });
    expect(everything.map((e) => e.data.i)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect((await all(store, { types: ['Odd'] })).map((e) => e.data.i)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23]);
    expect((await all(store, { streamPrefix: 'issue-3' })).map((e) => e.data.i)).toEqual([3, 8, 13, 18, 23]);
    const middle = everything[9];
    const rest = await all(store, { after: { transactionId: middle.transactionId, position: middle.position } });
    expect(rest.map((e) => e.data.i)).toEqual(Array.from({ length: 15 }, (_, i) => i + 10));
    expect(await all(store, { maxCount: 4 })).toHaveLength(4);
  });

  it('answers lag, counts, the head and the audit search through the port', async () => {
    expect(await store.head()).toEqual({ position: 0, checkpoint: { transactionId: '0', position: 0 } });
    expect(await store.eventsAfter({ transactionId: '0', position: 0 })).toEqual({ count: 0, oldestRecordedAt: null });
    const officer = (unitId: string, userId: string) => ({ ...meta, actor: { userId, unitId, role: 'officer' } });
    for (let i = 0; i < 12; i++)
      await store.append(`issue-${i % 4}`, 'any', [
        { type: i % 3 ? 'IssueProgressRecorded' : 'IssueResolved', data: { i }, metadata: officer(`unit-${i % 2}`, `user-${i % 3}`) },
      ]);
    await settled(store, t.db.pool);
    const everything = await all(store);
    const head = await store.head();
    const last = everything.at(-1)!;
    expect(head).toEqual({
      position: Math.max(...everything.map((e) => e.position)),
      checkpoint: { transactionId: last.transactionId, position: last.position },
    });
    expect(await store.countEvents()).toBe(12);
    expect(await store.findEvent(everything[7].eventId)).toEqual(everything[7]);
    expect(await store.findEvent(randomUUID())).toBeNull();
    expect(await store.countEvents({ types: ['IssueResolved'] })).toBe(4);
    // lag: what a reader at a checkpoint has still to read, of some types, capped
    const at = { transactionId: everything[4].transactionId, position: everything[4].position };
    expect(await store.eventsAfter(at)).toEqual({ count: 7, oldestRecordedAt: everything[5].recordedAt });
    expect((await store.eventsAfter(at, { types: ['IssueResolved'] })).count).toBe(2);
    expect((await store.eventsAfter(at, { limit: 3 })).count).toBe(3);
    expect(await store.eventsAfter(head.checkpoint)).toEqual({ count: 0, oldestRecordedAt: null });
    // the audit search: newest first, filters, offset and keyset pages
    const newest = await store.search({ limit: 5 });
    expect(newest.map((e) => e.data.i)).toEqual([11, 10, 9, 8, 7]);
    expect((await store.search({ limit: 3, offset: 5 })).map((e) => e.data.i)).toEqual([6, 5, 4]);
    expect((await store.search({ limit: 3, beforePosition: newest[4].position })).map((e) => e.data.i)).toEqual([6, 5, 4]);
    expect((await store.search({ limit: 20, actorUnitId: 'unit-1', actorUserId: 'user-0' })).map((e) => e.data.i)).toEqual([9, 3]);
    expect((await store.search({ limit: 20, types: ['IssueResolved'] })).map((e) => e.data.i)).toEqual([9, 6, 3, 0]);
    const from = everything[3].recordedAt;
    const to = everything[8].recordedAt;
    const window = await store.search({ limit: 20, recordedFrom: from, recordedTo: to });
    expect(window.every((e) => e.recordedAt >= from && e.recordedAt < to)).toBe(true);
    expect(window.length).toBeGreaterThan(0);
  });

  if (backend.kind === 'postgres') {
    it('never lets a reader skip an event that took a lower position but committed later', async () => {
      const url = t.location.databaseUrl!;
      const a = new Client({ connectionString: url });
      const b = new Client({ connectionString: url });
      await Promise.all([a.connect(), b.connect()]);
      const insert = (c: Client, stream: string) =>
        c.query(
          `INSERT INTO events (event_id, stream_id, stream_version, type, occurred_at, recorded_at, data, metadata, hash)
           VALUES ($1, $2, 1, 'Late', now(), now(), '{}', '{}', 'x') RETURNING position`,
          [randomUUID(), stream],
        );
      try {
        // Case 1: B starts first (older transaction id) but takes the higher position; B commits
        // while A is still open. A reader passes B's position; A's lower one must still arrive.
        await b.query('BEGIN');
        await b.query('SELECT pg_current_xact_id()');
        await a.query('BEGIN');
        await a.query('SELECT pg_current_xact_id()');
        const pa = Number((await insert(a, 'late-a')).rows[0].position);
        const pb = Number((await insert(b, 'late-b')).rows[0].position);
        expect(pa).toBeLessThan(pb);
        await b.query('COMMIT');
        const seen1 = await allOnceVisible(store, 1);
        expect(seen1.map((e) => e.streamId)).toEqual(['late-b']);
        const cp1 = { transactionId: seen1[0].transactionId, position: seen1[0].position };
        await a.query('COMMIT');
        expect((await allOnceVisible(store, 1, { after: cp1 })).map((e) => e.position)).toEqual([pa]);

        // Case 2: A starts first (older id) and stays open; B commits a higher position. The
        // reader must not see B until A is done, or it would pass A for good.
        await a.query('BEGIN');
        await a.query('SELECT pg_current_xact_id()');
        await store.append('late-c', 'no_stream', [ev('AfterA')]);
        const seen2 = await allOnceVisible(store, 1, { after: cp1 });
        expect(seen2.map((e) => e.streamId)).toEqual(['late-a']); // late-c is held back
        const cp2 = { transactionId: seen2[0].transactionId, position: seen2[0].position };
        await insert(a, 'late-d');
        await a.query('COMMIT');
        expect((await allOnceVisible(store, 2, { after: cp2 })).map((e) => e.streamId)).toEqual(['late-d', 'late-c']);
      } finally {
        await a.query('ROLLBACK').catch(() => undefined);
        await b.query('ROLLBACK').catch(() => undefined);
        await Promise.all([a.end(), b.end()]);
      }
    });
  }

  it('resumes a subscription from its stored checkpoint after a restart, applying each event once', async () => {
    await t.db.pool.query(`CREATE TABLE seen (position bigint PRIMARY KEY, type text)`);
    const handler = async (events: StoredEvent[], tx: SqlSession) => {
      for (const e of events) await tx.query(`INSERT INTO seen VALUES ($1, $2)`, [e.position, e.type]);
    };
    for (let i = 0; i < 10; i++) await store.append(`s-${i % 3}`, 'any', [ev('Before')]);
    const sub = store.subscribe('seen', handler, { batchSize: 4, pollMs: 50 });
    await sub.caughtUp();
    await store.append('s-live', 'any', [ev('Live')]);
    await sub.caughtUp();
    expect((await t.db.pool.query(`SELECT count(*)::int AS n FROM seen`)).rows[0].n).toBe(11);
    await sub.stop();
    await store.close();

    // restart: a new process opens the same database
    for (let i = 0; i < 5; i++) await new SqlEventStore(t.db.kind, t.db.pool).append('s-off', 'any', [ev('WhileDown')]);
    const reopened = await t.reopen({ migrations: EVENT_STORE_MIGRATIONS });
    store = new SqlEventStore(reopened.kind, reopened.pool, reopened.listenConfig);
    const sub2 = store.subscribe('seen', handler, { batchSize: 4, pollMs: 50 });
    await sub2.caughtUp();
    await sub2.stop();
    const rows = (await reopened.pool.query(`SELECT type, count(*)::int AS n FROM seen GROUP BY type ORDER BY type`)).rows;
    expect(rows).toEqual([
      { type: 'Before', n: 10 },
      { type: 'Live', n: 1 },
      { type: 'WhileDown', n: 5 },
    ]);
    const cp = await store.checkpoint('seen');
    await settled(store, reopened.pool);
    const last = (await all(store)).at(-1)!;
    expect(cp).toEqual({ transactionId: last.transactionId, position: last.position });
  });

  it('a subscription whose batch fails retries it from the checkpoint (supervised) and applies it once; only "stop" ends it', async () => {
    await t.db.pool.query(`CREATE TABLE retried (position bigint PRIMARY KEY)`);
    await store.append('r-1', 'no_stream', [ev('A'), ev('B')]);
    let failures = 2;
    const loop = new Supervisor().register('retried', 'subscription');
    const sub = store.subscribe(
      'retried',
      async (events, tx) => {
        for (const e of events) await tx.query(`INSERT INTO retried VALUES ($1)`, [e.position]);
        if (failures-- > 0) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      },
      { pollMs: 50, supervision: loop },
    );
    await sub.caughtUp();
    expect(loop.snapshot()).toMatchObject({ state: 'live', retries: 2, failures: 0, lastError: expect.stringContaining('57P01') });
    const total = (await t.db.pool.query(`SELECT count(*)::int AS n FROM retried`)).rows[0].n;
    expect(total).toBe((await all(store)).length); // each event once: the failed batches rolled back
    await sub.stop();

    const fatal = new Error('not mine any more');
    const stopping = store.subscribe('stopping', async () => Promise.reject(fatal), { pollMs: 50, onError: () => 'stop' });
    await expect(stopping.caughtUp()).rejects.toBe(fatal);
    await stopping.stop();
  });

  it('verify() passes an untouched store and names the first broken link after a hand-made UPDATE', async () => {
    await store.append('issue-a', 'no_stream', [ev('A', { n: 1 }), ev('B', { n: 2 }), ev('C', { n: 3 })]);
    await store.append('issue-b', 'no_stream', [ev('A', { n: 1 })]);
    expect(await store.verify()).toEqual({
      ok: true,
      streams: 2,
      events: 4,
      broken: [],
      anchors: { checkpoints: 0, last: null, unanchoredEvents: 4 },
    });
    await tamperWithStoredEvent(t.db.pool, 'issue-a', 2, { data: { n: 20 } });
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([expect.objectContaining({ streamId: 'issue-a', streamVersion: 2, reason: 'hash_mismatch' })]);
    expect((await store.verify('issue-b')).ok).toBe(true);
    // re-hashing the edited row to hide it breaks the next link instead
    await tamperWithStoredEvent(t.db.pool, 'issue-a', 2, { hash: 'forged' });
    expect((await store.verify('issue-a')).broken[0]).toMatchObject({ streamVersion: 2 });
  });

  describe('deletion-evident audit: signed checkpoints of the stream heads', () => {
    const seed = async () => {
      await store.append('issue-a', 'no_stream', [ev('A', { n: 1 }), ev('B', { n: 2 }), ev('C', { n: 3 }), ev('D', { n: 4 })]);
      await store.append('issue-b', 'no_stream', [ev('A', { n: 1 }), ev('B', { n: 2 })]);
      await store.append('unit-u', 'no_stream', [ev('UnitRegistered', { name: 'u' })]);
      await settled(store, t.db.pool);
    };
    const checkpoint = async () => {
      await settled(store, t.db.pool);
      return store.recordCheckpoint();
    };
    const reasons = (report: { broken: { streamId: string; reason: string }[] }) => report.broken.map((b) => `${b.streamId}:${b.reason}`);

    it('records the heads of the changed streams, signed, and nothing when nothing changed', async () => {
      await seed();
      const first = await checkpoint();
      expect(first).toMatchObject({ sequences: [1], streams: 3 });
      const [cp] = await store.readStream(CHECKPOINT_STREAM);
      expect(cp.type).toBe(CHECKPOINT_TYPE);
      expect(cp.metadata).toMatchObject({ source: 'audit', actor: { role: 'system' } });
      const heads = (cp.data as { heads: Record<string, [number, string]> }).heads;
      const lastOf = async (id: string) => (await store.readStream(id, { direction: 'backward', maxCount: 1 }))[0];
      expect(heads).toEqual({
        'issue-a': [4, (await lastOf('issue-a')).hash],
        'issue-b': [2, (await lastOf('issue-b')).hash],
        'unit-u': [1, (await lastOf('unit-u')).hash],
      });
      expect(cp.data).toMatchObject({
        sequence: 1,
        keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
        signature: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(await checkpoint()).toBeNull();
      await store.append('issue-b', 2, [ev('C', { n: 3 })]);
      const second = await checkpoint();
      expect(second).toMatchObject({ sequences: [2], streams: 1 });
      expect(Object.keys(((await lastOf(CHECKPOINT_STREAM)).data as { heads: object }).heads)).toEqual(['issue-b']);
      const report = await store.verify();
      expect(report).toMatchObject({ ok: true, broken: [], anchors: { checkpoints: 2, last: { sequence: 2 }, unanchoredEvents: 0 } });
      expect(await store.verify('issue-a')).toMatchObject({ ok: true, anchors: { anchoredVersion: 4, unanchoredEvents: 0 } });
    });

    it('detects an UPDATE of a field, a DELETE of the last event, of a middle event and of a whole stream, naming each', async () => {
      await seed();
      await checkpoint();
      await t.db.pool.query(`UPDATE events SET data = jsonb_set(data, '{n}', '20') WHERE stream_id = 'issue-a' AND stream_version = 2`);
      await t.db.pool.query(`DELETE FROM events WHERE stream_id = 'issue-b' AND stream_version = 2`);
      await t.db.pool.query(`DELETE FROM events WHERE stream_id = 'issue-a' AND stream_version = 3`);
      await t.db.pool.query(`DELETE FROM events WHERE stream_id = 'unit-u'`);
      const report = await store.verify();
      expect(report.ok).toBe(false);
      expect(report.broken).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ streamId: 'issue-a', streamVersion: 2, reason: 'hash_mismatch' }),
          expect.objectContaining({ streamId: 'issue-b', streamVersion: 2, toVersion: 2, reason: 'events_deleted' }),
          expect.objectContaining({ streamId: 'unit-u', streamVersion: 1, toVersion: 1, reason: 'stream_deleted' }),
        ]),
      );
      expect(report.broken.find((b) => b.streamId === 'issue-b')!.detail).toMatch(
        /issue-b ends at version 1 but checkpoint #1 vouched for version 2/,
      );
      // one stream at a time, as the issue history asks
      expect(reasons(await store.verify('issue-b'))).toEqual(['issue-b:events_deleted']);
      const a = await store.verify('issue-a');
      expect(a.broken[0]).toMatchObject({ reason: 'hash_mismatch', streamVersion: 2 });
      // the middle deletion alone: a gap, named as the missing range
      await t.db.pool.query(`UPDATE events SET data = jsonb_set(data, '{n}', '2') WHERE stream_id = 'issue-a' AND stream_version = 2`);
      expect((await store.verify('issue-a')).broken).toEqual([
        expect.objectContaining({
          reason: 'version_gap',
          streamVersion: 3,
          toVersion: 3,
          detail: expect.stringMatching(/version 3 is missing/),
        }),
      ]);
    });

    it('detects a TRUNCATE through the anchor table, and a deleted checkpoint', async () => {
      await seed();
      await checkpoint();
      await store.append('issue-a', 4, [ev('E')]);
      await checkpoint();
      expect((await store.verify()).ok).toBe(true);
      await t.db.pool.query(`DELETE FROM events WHERE stream_id = $1 AND stream_version = 2`, [CHECKPOINT_STREAM]);
      const lost = await store.verify();
      expect(reasons(lost)).toContain(`${CHECKPOINT_STREAM}:checkpoint_deleted`);
      expect(reasons(await store.verify('issue-b'))).toContain(`${CHECKPOINT_STREAM}:checkpoint_deleted`);
      await t.db.pool.query(`TRUNCATE events`);
      const truncated = await store.verify();
      expect(truncated).toMatchObject({ ok: false, events: 0, anchors: { checkpoints: 2 } });
      expect(truncated.broken).toEqual([
        expect.objectContaining({
          reason: 'checkpoint_deleted',
          streamVersion: 1,
          detail: expect.stringMatching(/events table was emptied/),
        }),
        expect.objectContaining({
          reason: 'checkpoint_deleted',
          streamVersion: 2,
          detail: expect.stringMatching(/events table was emptied/),
        }),
      ]);
      // and no new checkpoint papers over it
      await store.append('issue-z', 'no_stream', [ev('A')]);
      await settled(store, t.db.pool);
      await expect(store.recordCheckpoint()).rejects.toBeInstanceOf(AnchorsAheadError);
    });

    it('states its window honestly: a last event recorded after the last checkpoint can vanish unseen, and is counted as unanchored', async () => {
      await seed();
      await checkpoint();
      await store.append('issue-b', 2, [ev('C', { n: 3 })]);
      expect((await store.verify()).anchors.unanchoredEvents).toBe(1);
      expect((await store.verify('issue-b')).anchors).toMatchObject({ anchoredVersion: 2, unanchoredEvents: 1 });
      await t.db.pool.query(`DELETE FROM events WHERE stream_id = 'issue-b' AND stream_version = 3`);
      expect((await store.verify()).ok).toBe(true); // the documented limit (docs/event-store.md)
      await store.append('issue-b', 2, [ev('C', { n: 33 })]);
      await checkpoint();
      expect((await store.verify()).ok).toBe(true);
    });

    it('refuses a forged checkpoint: altered claims do not verify without the key', async () => {
      await seed();
      await checkpoint();
      // hide the deletion of issue-a's last event by rewriting the checkpoint, re-hashed as an attacker would
      await t.db.pool.query(`DELETE FROM events WHERE stream_id = 'issue-a' AND stream_version = 4`);
      const [cp] = await store.readStream(CHECKPOINT_STREAM);
      const data = cp.data as { heads: Record<string, [number, string]> };
      const a3 = (await store.readStream('issue-a', { fromVersion: 3, maxCount: 1 }))[0];
      data.heads['issue-a'] = [3, a3.hash];
      const forged = { ...cp, data: data as never };
      await t.db.pool.query(`UPDATE events SET data = $1, hash = $2 WHERE event_id = $3`, [
        JSON.stringify(data),
        eventHash(forged),
        cp.eventId,
      ]);
      await t.db.pool.query(`UPDATE event_anchors SET hash = $1 WHERE sequence = 1`, [eventHash(forged)]);
      expect(reasons(await store.verify())).toEqual([`${CHECKPOINT_STREAM}:checkpoint_signature_invalid`]);
      expect(reasons(await store.verify('issue-a'))).toEqual([`${CHECKPOINT_STREAM}:checkpoint_signature_invalid`]);
    });

    it('signs with AUDIT_SIGNING_KEY when configured; another key does not verify', async () => {
      const keyed = new SqlEventStore(t.db.kind, t.db.pool, null, { auditSigningKey: 'k'.repeat(40) });
      await seed();
      await settled(store, t.db.pool);
      await keyed.recordCheckpoint();
      expect((await keyed.verify()).ok).toBe(true);
      const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM event_store_settings`);
      expect(rows[0].n).toBe(0); // nothing generated, nothing stored
      const other = new SqlEventStore(t.db.kind, t.db.pool, null, { auditSigningKey: 'x'.repeat(40) });
      const report = await other.verify();
      expect(report.broken[0]).toMatchObject({
        reason: 'checkpoint_signature_invalid',
        detail: expect.stringMatching(/names key [0-9a-f]{16}/),
      });
    });

    it('two checkpointers at once: one writes, the other stands down', async () => {
      await seed();
      const second = new SqlEventStore(t.db.kind, t.db.pool, null);
      const results = await Promise.all([store.recordCheckpoint(), second.recordCheckpoint()]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.verify()).ok).toBe(true);
      expect(await store.streamVersion(CHECKPOINT_STREAM)).toBe(1);
    });
  });

  if (backend.kind === 'pglite') {
    it('refuses a data folder another live process holds, naming the folder', async () => {
      const second = Database.open({ ...t.location });
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(Database.open({ ...t.location })).rejects.toThrow(t.location.dataDir!);
    });
  }
});

describeEachBackend('event store subscriptions under a held-back transaction', (backend) => {
  if (backend.kind !== 'postgres') return it('needs overlapping transactions (PostgreSQL)', () => expect(backend.kind).toBe('pglite'));
  it('caughtUp() waits for committed events an older open transaction still holds back', async () => {
    const t = await backend.open({ migrations: EVENT_STORE_MIGRATIONS });
    await t.db.migrate();
    const store = new SqlEventStore(t.db.kind, t.db.pool, t.db.listenConfig);
    const older = new Client({ connectionString: t.location.databaseUrl });
    await older.connect();
    try {
      const seen: number[] = [];
      const sub = store.subscribe('held', async (events) => void seen.push(...events.map((e) => e.position)), { pollMs: 50 });
      await sub.caughtUp();
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      const { positions } = await store.append('s', 'no_stream', [ev('A')]);
      let resolved = false;
      const waiting = sub.caughtUp().then(() => (resolved = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(resolved).toBe(false); // committed, but not yet readable: not caught up
      await older.query('COMMIT');
      await waiting;
      expect(seen).toEqual(positions);
      await sub.stop();
    } finally {
      await older.end();
      await store.close();
      await t.dispose();
    }
  });
});
