import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EdgeConfig } from '../../config/edge-config';

/**
 * The pages (apps/dashboard) are plain HTML + ES modules from /assets: no inline script, no
 * inline event handler, no eval — so scripts come from this origin only. Style attributes are
 * allowed (ECharts positions its tooltips with them; an attribute cannot run script), style
 * sheets only from this origin. Nothing may frame a page (the dashboard keeps a bearer token in
 * sessionStorage: no clickjacking), no plugin, no <base>, forms post here only.
 */
export const PAGE_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Swagger UI (/docs, from @nestjs/swagger) ships an inline <style> block: its pages get that, and nothing else more. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Security headers on every answer (docs/operations.md "Security headers"): @fastify/helmet
 * with the CSP above, `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`,
 * `Referrer-Policy: no-referrer` (the feedback page has its token in the path), HSTS when the
 * public origin is https; and `Cache-Control: no-store` on every answer that does not choose its
 * own caching — always on an authenticated one, so no shared cache or browser history keeps a
 * report or an audit trail.
 */
export async function installSecurityHeaders(fastify: FastifyInstance, edge: EdgeConfig): Promise<void> {
  await fastify.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: PAGE_CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: edge.publicBaseUrl?.startsWith('https://') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, p: unknown) => void) => {
    if (request.url === '/docs' || request.url.startsWith('/docs/')) reply.header('content-security-policy', DOCS_CSP);
    const authenticated = request.headers.authorization !== undefined || (request as { user?: unknown }).user !== undefined;
    if (authenticated || !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

/** The same headers for answers Fastify writes before any hook runs (a bad URL, a path parameter over its cap). */
export const BARE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
