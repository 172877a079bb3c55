import type { Socket } from 'node:net';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EdgeConfig } from '../../config/edge-config';
import { ProblemFilter, localize } from '../problem.filter';
import { checkJsonBody, checkRequestStrings } from './input-rule';
import { checkJsonOnly, checkMultipartOnly, isUploadRoute } from './json-only';
import { installRateLimits } from './rate-limits';
import { BARE_SECURITY_HEADERS, installSecurityHeaders } from './security-headers';

const problems = new ProblemFilter();

/**
 * Fastify's own refusals that no hook sees (a path that is not valid percent-encoding, a path
 * parameter over the router's cap → 414, a request the HTTP parser rejects): the same
 * problem+json, with the same stable codes, as everything else.
 */
export const frameworkErrors = (error: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => {
  const problem = localize(problems.toProblem(error, {}), request.headers['accept-language']);
  problem.instance = request.url;
  reply
    .code(problem.status)
    .headers(BARE_SECURITY_HEADERS)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify(problem));
};

export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const code = tooLarge ? 'REQUEST.HEADERS_TOO_LARGE' : 'REQUEST.MALFORMED';
  const body = JSON.stringify({
    type: `https://banjie.example/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
    title: tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
    status,
    detail: tooLarge
      ? 'the request headers are too large'
      : 'the request is not valid HTTP (a header holds a forbidden character, or the framing is broken)',
    code,
  });
  const headers = Object.entries({
    ...BARE_SECURITY_HEADERS,
    'content-type': 'application/problem+json; charset=utf-8',
    connection: 'close',
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n${headers}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The HTTP edge in one place (docs/api.md "Input rules", docs/operations.md): security headers,
 * rate limits, JSON-only bodies and the input rule, as Fastify hooks that run before Nest's
 * guards, pipes and handlers. Their refusals go through Nest's error handler, i.e. the one
 * problem filter.
 */
export async function installEdge(fastify: FastifyInstance, edge: EdgeConfig): Promise<void> {
  // Only JSON is ever parsed (Fastify's own parser, which refuses __proto__ keys); a text/plain
  // body now meets Fastify's 415 like any other media type.
  fastify.removeContentTypeParser('text/plain');
  await installSecurityHeaders(fastify, edge);
  await installRateLimits(fastify, edge);
  // multipart/form-data is parsed only where a route asks for it (an upload route reads its one
  // file as a stream with its own size limit: `request.file({ limits })`); everywhere else the
  // JSON-only rule below refuses it with 415 before any handler runs.
  await fastify.register(multipart, { limits: { files: 1, fields: 0, parts: 1, headerPairs: 100 }, throwFileSizeLimit: true });
  fastify.addHook('preValidation', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    try {
      checkRequestStrings(request as never);
      if (isUploadRoute(request)) checkMultipartOnly(request as never);
      else checkJsonOnly(request as never);
      if (request.body !== undefined) checkJsonBody(request.body);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}
