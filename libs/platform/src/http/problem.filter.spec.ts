import { Logger } from '@nestjs/common';
import { ProblemFilter, DATABASE_RETRY_AFTER_SECONDS } from './problem.filter';

beforeAll(() => Logger.overrideLogger(false));

/** A minimal Fastify reply and request as the filter sees them. */
function call(exception: unknown) {
  const headers: Record<string, string> = {};
  let status = 0;
  let body = '';
  const reply = {
    status: (n: number) => (status = n),
    header: (k: string, v: string) => (headers[k.toLowerCase()] = v),
    send: (b: string) => (body = b),
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ url: '/units', headers: {} }), getResponse: () => reply }),
  };
  new ProblemFilter().catch(exception, host as never);
  return { status, headers, body: JSON.parse(body) };
}

describe('ProblemFilter and database faults', () => {
  it('answers a lost database connection with 503 DATABASE.UNAVAILABLE and Retry-After, never 500', () => {
    const r = call(Object.assign(new Error('Connection terminated unexpectedly'), {}));
    expect(r.status).toBe(503);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.headers['retry-after']).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(r.body).toMatchObject({ status: 503, code: 'DATABASE.UNAVAILABLE' });
  });

  it('answers a write refused by a read-only standby the same way', () => {
    const r = call(Object.assign(new Error('cannot execute nextval() in a read-only transaction'), { code: '25006' }));
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('DATABASE.UNAVAILABLE');
  });

  it('still answers an unexpected error 500 INTERNAL without Retry-After', () => {
    const r = call(new TypeError('boom'));
    expect(r.status).toBe(500);
    expect(r.body.code).toBe('INTERNAL');
    expect(r.headers['retry-after']).toBeUndefined();
  });
});
