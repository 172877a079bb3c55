/**
 * A small fetch client for tests that talk to a banjie process over real HTTP (a spawned API):
 * JSON in and out, trust-headers actors, an Idempotency-Key when asked, and a connection error
 * reported as status 0 instead of thrown (a failover test counts those too).
 */
import { parseExposition, total } from './prometheus';

export type Actor = Record<string, string>;

export const ADMIN: Actor = { 'x-actor': 'user-admin', 'x-role': 'admin' };
export const SUPERVISOR: Actor = { 'x-actor': 'user-s', 'x-role': 'supervisor' };
export const officer = (unitId: string): Actor => ({ 'x-actor': `officer-${unitId}`, 'x-unit': unitId, 'x-role': 'officer' });

export interface Answer<T = any> {
  /** 0 when the request did not get an HTTP answer (connection refused or reset). */
  status: number;
  body: T;
  headers: Headers;
  error?: string;
}

export function httpClient(base: string, timeoutMs = 30_000) {
  async function send<T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Answer<T>> {
    try {
      const res = await fetch(base + path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON (CSV, metrics) */
      }
      return { status: res.status, body: parsed as T, headers: res.headers };
    } catch (error) {
      return { status: 0, body: null as T, headers: new Headers(), error: (error as Error).message };
    }
  }
  return {
    base,
    get: <T = any>(path: string, headers: Record<string, string> = SUPERVISOR) => send<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body: unknown, headers: Record<string, string> = ADMIN, idempotencyKey?: string) =>
      send<T>('POST', path, body, idempotencyKey ? { ...headers, 'idempotency-key': idempotencyKey } : headers),
    /** A POST that must succeed (2xx), for seeding. */
    async ok<T = any>(path: string, body: unknown, headers: Record<string, string> = ADMIN): Promise<T> {
      const r = await send<T>('POST', path, body, headers);
      if (r.status < 200 || r.status >= 300) throw new Error(`POST ${path} → ${r.status} ${JSON.stringify(r.body) ?? r.error}`);
      return r.body;
    },
    /** The value of a metric (summed over matching label sets) on GET /metrics. */
    async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
      const r = await send<string>('GET', '/metrics', undefined, {});
      if (r.status !== 200) throw new Error(`GET /metrics → ${r.status}`);
      return total(parseExposition(String(r.body)), name, labels);
    },
  };
}

export type HttpClient = ReturnType<typeof httpClient>;
