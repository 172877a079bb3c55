import { PassThrough, Readable } from 'node:stream';
import { describeEachBackend } from '../../../test/support/databases';
import { EVENT_STORE_MIGRATIONS, SqlEventStore, exportNdjson, importNdjson } from './index';

const meta = { actor: { userId: 'u', unitId: 'x', role: 'officer' }, correlationId: 'c', causationId: null, source: 'cli' } as const;

async function collect(stream: PassThrough): Promise<string> {
  let text = '';
  stream.on('data', (d) => (text += d));
  await new Promise((r) => stream.on('end', r));
  return text;
}

describeEachBackend('NDJSON export / import', (backend) => {
  it('round-trips the log into an empty store: same rows, clean verify; refuses tampering and a non-empty store', async () => {
    const source = await backend.open({ migrations: EVENT_STORE_MIGRATIONS });
    const target = await backend.open({ migrations: EVENT_STORE_MIGRATIONS });
    try {
      await source.db.migrate();
      await target.db.migrate();
      const store = new SqlEventStore(source.db.kind, source.db.pool);
      for (let i = 0; i < 120; i++)
        await store.append(`issue-${i % 7}`, 'any', [
          {
            type: 'IssueProgressRecorded',
            data: { note: `第${i}次\t制表\\反斜杠\n换行\r回车 \\N`, n: i },
            metadata: { ...meta },
            occurredAt: new Date(Date.UTC(2023, 4, 1 + (i % 30))),
          },
        ]);
      const out = new PassThrough();
      const text = collect(out);
      expect(await exportNdjson(source.db.pool, out, 50)).toBe(120);
      out.end();
      const ndjson = await text;
      expect(ndjson.trim().split('\n')).toHaveLength(120);

      // a tampered line is refused before anything is kept from its batch
      const lines = ndjson.trim().split('\n');
      const forged = lines.map((l, i) => (i === 60 ? l.replace('"n":60', '"n":61') : l)).join('\n');
      // PostgreSQL imports with COPY (what the CLI does there), PGlite with batched INSERTs
      const copy = backend.kind === 'postgres';
      await expect(importNdjson(target.db.pool, Readable.from([forged]), { batchSize: 200, copy })).rejects.toThrow(
        /line 61: .*hash does not match/,
      );
      expect((await target.db.pool.query(`SELECT count(*)::int AS n FROM events`)).rows[0].n).toBe(0);

      expect(await importNdjson(target.db.pool, Readable.from([ndjson]), { batchSize: 25, copy })).toBe(120);
      const imported = new SqlEventStore(target.db.kind, target.db.pool);
      expect(await imported.verify()).toMatchObject({ ok: true, events: 120, streams: 7 });
      const cols = `event_id, stream_id, stream_version, position, type, occurred_at, recorded_at, data, metadata, prev_hash, hash`;
      const a = (await source.db.pool.query(`SELECT ${cols} FROM events ORDER BY position`)).rows;
      const b = (await target.db.pool.query(`SELECT ${cols} FROM events ORDER BY position`)).rows;
      expect(b).toEqual(a);
      // the sequence continues after the imported positions
      const next = await imported.append('issue-new', 'no_stream', [{ type: 'X', data: {}, metadata: { ...meta } }]);
      expect(next.positions[0]).toBeGreaterThan(Number(a.at(-1).position));
      await expect(importNdjson(target.db.pool, Readable.from([ndjson]), { copy })).rejects.toThrow(/not empty/);
    } finally {
      await source.dispose();
      await target.dispose();
    }
  });
});
