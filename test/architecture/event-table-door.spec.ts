/**
 * The event store's port is the only door to the events (issue #14): no SQL on the `events` table
 * outside libs/event-store. Everything else reads through the EventStore port (readStream, readAll,
 * eventsAfter, search, …) or a read model — which is what a second adapter (KurrentDB) needs.
 * Scans every TypeScript and JavaScript source of apps, libs, bench and test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const SCANNED = ['apps', 'libs', 'bench', 'test'];
const OWNER = /^libs\/event-store\//;
const SELF = relative(root, __filename).split('\\').join('/');
/** SQL that reads, writes, copies or alters the events table (FROM, JOIN, UPDATE, INTO, ON, LIKE, VACUUM (ANALYZE) …). */
const SQL_VERB_ON_EVENTS = /\b(FROM|JOIN|UPDATE|INTO|TABLE|TRUNCATE|LIKE|VACUUM|ANALYZE\)?)\s+events\b(?!\s*[:=])/i;
/** `ON events` (an index, a trigger) only in SQL's capitals: "attachments on events" is English, not SQL. */
const INDEX_ON_EVENTS = /\bON\s+events\b(?!\s*[:=])/;
const SQL_ON_EVENTS = { test: (line: string) => SQL_VERB_ON_EVENTS.test(line) || INDEX_ON_EVENTS.test(line) };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(path);
    return /\.(ts|js|cjs|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Test input that merely looks like SQL (a hostile string sent to the API) is not SQL run on the table. */
const HOSTILE_INPUT = /['"`][^'"`\n]*;\s*DROP TABLE events;[^'"`\n]*['"`]/g;

describe('the port is the only door to the events', () => {
  const files = SCANNED.flatMap((d) => sources(join(root, d))).map((f) => relative(root, f).split('\\').join('/'));

  it('scans the sources', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files.some((f) => OWNER.test(f))).toBe(true);
  });

  it('no SQL on the events table outside libs/event-store', () => {
    const offenders: string[] = [];
    for (const file of files) {
      if (OWNER.test(file) || file === SELF) continue; // this spec quotes what it looks for
      const lines = readFileSync(join(root, file), 'utf8').replace(HOSTILE_INPUT, "''").split('\n');
      lines.forEach((line, i) => SQL_ON_EVENTS.test(line) && offenders.push(`${file}:${i + 1}: ${line.trim()}`));
    }
    expect(offenders).toEqual([]);
  });

  it('would catch one', () => {
    expect(SQL_ON_EVENTS.test('const { rows } = await pool.query(`SELECT count(*) FROM events`);')).toBe(true);
    expect(SQL_ON_EVENTS.test('CREATE INDEX x ON events (type)')).toBe(true);
    expect(SQL_ON_EVENTS.test('CREATE TABLE raw_events (LIKE events INCLUDING ALL)')).toBe(true);
    expect(SQL_ON_EVENTS.test("adminQuery(url, 'VACUUM (ANALYZE) events')")).toBe(true);
    expect(SQL_ON_EVENTS.test('for (const e of events) count(e);')).toBe(false);
    expect(SQL_ON_EVENTS.test('it("reads all events in order", …)')).toBe(false);
    expect(SQL_ON_EVENTS.test("describe('attachments on events', () => {")).toBe(false);
  });
});
