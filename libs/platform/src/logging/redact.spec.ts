import { Writable } from 'node:stream';
import { createLogger, PinoNestLogger } from './logger';
import { safeUrl, scrubSecrets } from './redact';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'trace', format: 'json', destination: destination as never }) };
}

describe('secrets never reach a log line', () => {
  it('masks bearer values, feedback path tokens, token query parameters and token pairs in strings', () => {
    expect(scrubSecrets('Authorization: Bearer abc.DEF-123_x=')).toBe('Authorization: Bearer [REDACTED]');
    expect(safeUrl('/feedback/Zx9-abc_DEF?x=1')).toBe('/feedback/[REDACTED]?x=1');
    expect(safeUrl('/feedback/:token')).toBe('/feedback/:token');
    expect(safeUrl('/issues?token=secret123&x=1&access_token=s2')).toBe('/issues?token=[REDACTED]&x=1&access_token=[REDACTED]');
    expect(scrubSecrets('{"token":"s3cr3t","other":"ok"}')).toBe('{"token":"[REDACTED]","other":"ok"}');
    expect(safeUrl('/issues/i-1/feedback')).toBe('/issues/i-1/feedback');
  });

  it('redacts secret fields at any of the first three levels, and masks secrets inside messages', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        token: 'tok-aaaaaaaa',
        req: { headers: { authorization: 'Bearer tok-bbbbbbbb', cookie: 'sid=tok-cccccccc' } },
        a: { b: { password: 'tok-dddddddd' } },
      },
      'x',
    );
    logger.warn('calling with Bearer tok-eeeeeeee for /feedback/tok-ffffffff');
    const text = lines.join('\n');
    for (const s of ['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd', 'eeeeeeee', 'ffffffff']) expect(text).not.toContain(s);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', token: '[REDACTED]', msg: 'x' });
  });

  it('turns Nest logger calls into structured lines with context, stack and level', () => {
    const { lines, logger } = capture();
    const nest = new PinoNestLogger(logger);
    nest.log('hello', 'Greeter');
    nest.error('failed', 'Error: boom\n    at f (x.ts:1:1)', 'Worker');
    nest.log('Mapped {/x, GET} route', 'RouterExplorer');
    nest.verbose('fine detail');
    const [hello, failed, mapped, verbose] = lines.map((l) => JSON.parse(l));
    expect(hello).toMatchObject({ level: 'info', context: 'Greeter', msg: 'hello' });
    expect(failed).toMatchObject({ level: 'error', context: 'Worker', msg: 'failed' });
    expect(failed.stack).toContain('at f');
    expect(mapped).toMatchObject({ level: 'debug' });
    expect(verbose).toMatchObject({ level: 'trace' });
  });
});
