import { randomBytes } from 'node:crypto';
import { signFeedbackLink } from '@banjie/access';
import { issueStream } from '@banjie/domain';
import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import { describeEachBackend } from '../support/databases';
import { startAccessApp, type AccessApp } from '../support/access-app';
import { ReopenIssueCommand, ResolveIssueCommand } from '@banjie/application';
import { CODE, UNITS, issueAt, seedAccessWorld, streamTypes, type AccessWorld } from '../support/access-fixtures';
import { recordSecret } from '../support/secrets';

/**
 * The enterprise's own rating (docs/access.md): a signed link bound to the issue and its
 * resolution cycle, usable once, expiring. Every bad case answers a clear 4xx and writes nothing.
 */
describeEachBackend('access: feedback link', (backend) => {
  let a: AccessApp;
  let w: AccessWorld;
  beforeAll(async () => {
    a = await startAccessApp(backend);
    w = await seedAccessWorld(a);
  });
  afterAll(() => a?.close());

  /** The responsible unit's officer asks for the link of a resolved issue. */
  async function linkOf(issueId: string): Promise<string> {
    const r = await a.get(`/issues/${issueId}/feedback-link`, w.tokens.officer);
    expect(r.status).toBe(200);
    recordSecret(r.body.token, `feedback link of ${issueId}`);
    expect(r.body.url).toMatch(new RegExp(`/feedback/${r.body.token.replace(/\./g, '\\.')}$`));
    return r.body.token;
  }

  const feedbackEvents = async (issueId: string) =>
    (await streamTypes(a, issueStream(issueId))).filter((t) => t === 'FeedbackGiven').length;

  it('shows what was resolved and records the rating once, as enterprise_link, without an account', async () => {
    const issueId = await issueAt(a, UNITS.own, 'resolved');
    const token = await linkOf(issueId);
    expect(await linkOf(issueId)).toBe(token); // the same link whenever it is asked for

    const shown = await a.get(`/feedback/${token}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      issueId,
      cycle: 1,
      title: '工程款拖欠',
      resolution: '已协调建设单位支付工程款',
      unit: { unitId: UNITS.own, name: '天门市住建局' },
      enterprise: { creditCode: CODE, name: '湖北甲建设有限公司' },
    });

    const rated = await a.post(`/feedback/${token}`, { rating: 'satisfied', comment: '很满意' });
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({ issueId, rating: 'satisfied', channel: 'enterprise_link' });
    const rows = (await a.app.get<EventStore>(EVENT_STORE).readStream(issueStream(issueId))).filter((e) => e.type === 'FeedbackGiven');
    expect(rows).toHaveLength(1);
    expect(rows[0].data).toEqual({ rating: 'satisfied', comment: '很满意', channel: 'enterprise_link' });
    expect(rows[0].metadata.actor).toEqual({ userId: `enterprise:${CODE}`, unitId: null, role: 'system' });

    // reuse: GET and POST both say so; nothing more is written
    const again = await a.post(`/feedback/${token}`, { rating: 'dissatisfied' });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.code).toBe('FEEDBACK_LINK.USED');
    expect((await a.get(`/feedback/${token}`)).body.code).toBe('FEEDBACK_LINK.USED');
    expect(await feedbackEvents(issueId)).toBe(1);
  });

  it('10 parallel posts of one link → exactly one event', async () => {
    const issueId = await issueAt(a, UNITS.own, 'resolved');
    const token = await linkOf(issueId);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => a.post(`/feedback/${token}`, { rating: i % 2 ? 'satisfied' : 'basically_satisfied' })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    expect(await feedbackEvents(issueId)).toBe(1);
    const { rows } = await a.db.pool.query(`SELECT status FROM feedback_link_uses WHERE issue_id = $1`, [issueId]);
    expect(rows).toEqual([{ status: 'used' }]);
  });

  it('refuses an expired link (410) and writes nothing', async () => {
    const issueId = await issueAt(a, UNITS.own, 'resolved');
    const token = await linkOf(issueId);
    const before = a.clock.now();
    a.clock.set(new Date(Date.now() + 31 * 86_400_000)); // FEEDBACK_LINK_TTL_DAYS defaults to 30
    try {
      for (const r of [await a.get(`/feedback/${token}`), await a.post(`/feedback/${token}`, { rating: 'satisfied' })]) {
        expect(r.status).toBe(410);
        expect(r.body.code).toBe('FEEDBACK_LINK.EXPIRED');
      }
    } finally {
      a.clock.set(before);
    }
    expect(await feedbackEvents(issueId)).toBe(0);
  });

  it("refuses an earlier resolution's link once the issue is reopened (410), and the new link works", async () => {
    const issueId = await issueAt(a, UNITS.own, 'resolved');
    const first = await linkOf(issueId);
    await a.commandBus.execute(new ReopenIssueCommand({ issueId, reason: '企业反映仍未到账' }) as never);
    // while it is back in work
    const during = await a.post(`/feedback/${first}`, { rating: 'satisfied' });
    expect(during.status).toBe(410);
    expect(during.body.code).toBe('FEEDBACK_LINK.SUPERSEDED');
    expect((await a.get(`/issues/${issueId}/feedback-link`, w.tokens.officer)).body.code).toBe('ISSUE.NOT_RESOLVED');
    await a.commandBus.execute(new ResolveIssueCommand({ issueId, resolution: '款项已全部到账' }) as never);
    const second = await linkOf(issueId);
    expect(second).not.toBe(first);
    const old = await a.post(`/feedback/${first}`, { rating: 'satisfied' });
    expect(old.status).toBe(410);
    expect(old.body.code).toBe('FEEDBACK_LINK.SUPERSEDED');
    expect(await feedbackEvents(issueId)).toBe(0);
    expect((await a.get(`/feedback/${second}`)).body.cycle).toBe(2);
    expect((await a.post(`/feedback/${second}`, { rating: 'basically_satisfied' })).status).toBe(201);
    expect(await feedbackEvents(issueId)).toBe(1);
  });

  it('refuses an altered or forged link (400) and writes nothing', async () => {
    const issueId = await issueAt(a, UNITS.own, 'resolved');
    const token = await linkOf(issueId);
    const [v, payload, sig] = token.split('.');
    const otherCycle = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), c: 2 })).toString(
      'base64url',
    );
    const flip = (s: string) => s.slice(0, 5) + (s[5] === 'A' ? 'B' : 'A') + s.slice(6);
    const forged = signFeedbackLink({ issueId, cycle: 1, exp: 4102444800 }, randomBytes(32));
    for (const bad of [
      `${v}.${otherCycle}.${sig}`,
      `${v}.${payload}.${flip(sig)}`,
      `${v}.${flip(payload)}.${sig}`,
      forged,
      'not-a-link',
      `${token}x`,
    ]) {
      const r = await a.post(`/feedback/${encodeURIComponent(bad)}`, { rating: 'satisfied' });
      expect({ bad, status: r.status, code: r.body.code }).toEqual({ bad, status: 400, code: 'FEEDBACK_LINK.INVALID' });
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect(await feedbackEvents(issueId)).toBe(0);
    // the genuine link is unharmed
    expect((await a.post(`/feedback/${token}`, { rating: 'satisfied' })).status).toBe(201);
  });

  it('refuses a link after the unit recorded a callback rating (409), and a bad body (400) leaves the link usable', async () => {
    const rated = await issueAt(a, UNITS.own, 'resolved');
    const token = await linkOf(rated);
    const callback = await a.post(`/issues/${rated}/feedback`, { rating: 'satisfied', channel: 'callback' }, w.tokens.officer);
    expect(callback.status).toBe(200);
    const r = await a.post(`/feedback/${token}`, { rating: 'satisfied' });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('FEEDBACK_LINK.ALREADY_RATED');
    expect(await feedbackEvents(rated)).toBe(1);

    const open = await issueAt(a, UNITS.own, 'resolved');
    const link = await linkOf(open);
    for (const body of [{ rating: 'great' }, {}, { rating: 'satisfied', channel: 'callback' }]) {
      expect((await a.post(`/feedback/${link}`, body)).status).toBe(400);
    }
    expect(await feedbackEvents(open)).toBe(0);
    expect((await a.post(`/feedback/${link}`, { rating: 'dissatisfied' })).status).toBe(201);
  });

  it('hands the link only to the responsible unit: child unit 403, other unit 404, supervisor 403, nobody 401', async () => {
    const issueId = await issueAt(a, UNITS.child, 'resolved');
    expect((await a.get(`/issues/${issueId}/feedback-link`, w.tokens.childOfficer)).status).toBe(200);
    expect((await a.get(`/issues/${issueId}/feedback-link`, w.tokens.officer)).status).toBe(403); // parent unit reads, does not act
    expect((await a.get(`/issues/${issueId}/feedback-link`, w.tokens.otherOfficer)).status).toBe(404);
    expect((await a.get(`/issues/${issueId}/feedback-link`, w.tokens.supervisor)).status).toBe(403);
    expect((await a.get(`/issues/${issueId}/feedback-link`)).status).toBe(401);
    const pending = await issueAt(a, UNITS.own, 'pending');
    const r = await a.get(`/issues/${pending}/feedback-link`, w.tokens.officer);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('ISSUE.NOT_RESOLVED');
  });

  it('keeps the generated signing secret in the database (FEEDBACK_LINK_SECRET unset)', async () => {
    const { rows } = await a.db.pool.query(`SELECT value FROM access_settings WHERE key = 'feedback_link_secret'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].value.length).toBeGreaterThanOrEqual(32);
    recordSecret(rows[0].value, 'feedback link secret');
  });
});
