import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EdgeConfig, RateLimit } from '../../config/edge-config';
import { ProblemError } from '../problem';

type Limiter = (
  request: FastifyRequest,
  options?: { increment?: boolean },
) => Promise<{ isAllowed: boolean; remaining?: number; ttl?: number; isExceeded?: boolean }>;

/**
 * Request budgets with @fastify/rate-limit (docs/operations.md "Rate limits"), counted per
 * process in memory (several API processes each count their own):
 * - the public feedback routes (`/feedback/<token>`, no account): per client address and per
 *   link, so neither one address nor one leaked link can hammer them;
 * - failed authentications per client address: a request that carried a credential
 *   (`Authorization`) and was answered 401. Once an address has used up its budget, every
 *   request from it that carries a credential is answered 429 until the window ends — a valid
 *   token too, so guessing cannot go on and learn from the answers.
 * The client address is the socket's, or the one a TRUSTED_PROXIES proxy forwarded.
 * Over budget: 429 problem+json `RATE_LIMITED` with `Retry-After` (seconds).
 */
export async function installRateLimits(fastify: FastifyInstance, edge: EdgeConfig): Promise<void> {
  await fastify.register(rateLimit, { global: false });
  const create = (budget: RateLimit, key: (request: FastifyRequest) => string): Limiter =>
    (fastify as unknown as { createRateLimit(o: object): Limiter }).createRateLimit({
      max: budget.max,
      timeWindow: budget.windowMs,
      keyGenerator: key,
    });
  const byAddress = (prefix: string) => (request: FastifyRequest) => `${prefix}:${request.ip}`;
  const feedbackAddress = edge.feedbackPerAddress && create(edge.feedbackPerAddress, byAddress('feedback'));
  const feedbackLink = edge.feedbackPerLink && create(edge.feedbackPerLink, (request) => `link:${linkKey(request.url)}`);
  const authFailures = edge.authFailures && create(edge.authFailures, byAddress('auth'));

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (authFailures && request.headers.authorization !== undefined) {
      // A peek: only failures count, and a refused request is not one.
      const state = await authFailures(request, { increment: false });
      if (!state.isAllowed && state.remaining === 0) {
        throw tooMany(reply, state.ttl, 'AUTH.TOO_MANY_FAILURES', 'too many failed sign-ins from this address; wait and try again');
      }
    }
    if (request.url.startsWith('/feedback/')) {
      for (const limiter of [feedbackAddress, feedbackLink]) {
        if (!limiter) continue;
        const state = await limiter(request);
        if (!state.isAllowed && state.isExceeded) {
          throw tooMany(reply, state.ttl, 'RATE_LIMITED', 'too many requests to this feedback link; wait a minute and try again');
        }
      }
    }
  });
  if (authFailures) {
    // Counted before the 401 is written: a client that retries at once already meets the new count.
    fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode === 401 && request.headers.authorization !== undefined) await authFailures(request);
      return payload;
    });
  }
}

/** The link's token, hashed (it is a capability: never a key in memory as it is). */
function linkKey(url: string): string {
  const token = url.slice('/feedback/'.length).split(/[?#/]/)[0];
  return createHash('sha256').update(token).digest('base64url').slice(0, 22);
}

function tooMany(reply: FastifyReply, ttlMs: number | undefined, code: string, message: string): ProblemError {
  const seconds = Math.max(1, Math.ceil((ttlMs ?? 1000) / 1000));
  reply.header('retry-after', String(seconds));
  return new ProblemError(429, code, `${message} (retry after ${seconds} s)`);
}
