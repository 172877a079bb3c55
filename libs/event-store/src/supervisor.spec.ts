import { backoffDelay, describeCause, Supervisor } from './supervisor';

describe('supervisor', () => {
  it('backs off exponentially from the base, capped, with half of each step random', () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, opts, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, opts, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(backoffDelay(10_000, opts, () => 1)).toBe(1000);
  });

  it('a failure makes the loop retrying with its cause and next attempt; a success makes it live again', () => {
    const logged: string[] = [];
    const s = new Supervisor({
      log: (m) => logged.push(`log ${m}`),
      warn: (m) => logged.push(`warn ${m}`),
      error: (m) => logged.push(`error ${m}`),
    });
    const loop = s.register('issues', 'subscription');
    expect(loop.state).toBe('starting');
    const fault = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const delay = loop.failed(fault);
    loop.failed(fault); // the same cause again: not logged again
    expect(s.list()).toEqual([
      expect.objectContaining({
        name: 'issues',
        state: 'retrying',
        lastError: '57P01 terminating connection due to administrator command',
        failures: 2,
        retries: 2,
      }),
    ]);
    expect(Date.parse(s.list()[0].nextAttemptAt!)).toBeGreaterThan(Date.now() - 1000);
    expect(delay).toBeGreaterThan(0);
    expect(logged.filter((l) => l.startsWith('error'))).toHaveLength(1);
    loop.succeeded();
    expect(s.list()[0]).toMatchObject({ state: 'live', failures: 0, nextAttemptAt: null, retries: 2 });
    expect(logged.at(-1)).toMatch(/^log issues: recovered after 2 failed attempt/);
    loop.remove();
    expect(s.list()).toEqual([]);
  });

  it('describes a cause on one line, with its SQLSTATE', () => {
    expect(describeCause(Object.assign(new Error('deadlock detected\nDETAIL: …'), { code: '40P01' }))).toBe('40P01 deadlock detected');
    expect(describeCause('plain')).toBe('plain');
  });
});
