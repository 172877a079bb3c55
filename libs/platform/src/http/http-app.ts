import { BadRequestException, ValidationPipe, type INestApplication, type ValidationError } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createLogger, PinoNestLogger, type Pino } from '../logging/logger';
import { installHttpRequestLog } from '../logging/http-request-log';
import { MetricsService } from '../metrics/metrics.service';
import { ProblemFilter } from './problem.filter';
import { loadEdgeConfig, type EdgeConfig } from '../config/edge-config';
import { clientErrorHandler, frameworkErrors, installEdge } from './edge/install-edge';

/** Flattens class-validator's tree into `{ field: 'a.b[0]', message }` pairs. */
export function fieldErrors(errors: ValidationError[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

export interface HttpAppOptions {
  /** The process's logger (main.ts builds it from the configuration). */
  logger?: Pino;
  /** The edge settings (main.ts passes the checked configuration's; tests: read from the environment). */
  edge?: EdgeConfig;
}

/** In-process test apps log warnings and worse unless LOG_LEVEL says otherwise. */
function defaultLogger(): Pino {
  const level = (process.env.LOG_LEVEL?.trim() || (process.env.JEST_WORKER_ID ? 'warn' : 'info')) as never;
  return createLogger({ level, format: 'auto', service: 'api' });
}

/**
 * Builds the HTTP application the same way for `npm start` and for the e2e tests: Fastify (chosen
 * for throughput under the bench's 64 connections; its JSON parser and content-type checks run
 * before Nest and are mapped to problem+json by the same filter), strict DTO validation, the one
 * problem filter, OpenAPI at /docs, one structured log line and one histogram observation per
 * request, and a log line for each step of closing the HTTP server.
 */
export async function createHttpApp(rootModule: unknown, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  const logger = options.logger ?? defaultLogger();
  const edge = options.edge ?? loadEdgeConfig(process.env);
  // maxParamLength: a feedback-link token (/feedback/:token, libs/access) is up to ~250 characters.
  // trustProxy: only the proxies TRUSTED_PROXIES names may speak for the client (address, host, protocol).
  const adapter = new FastifyAdapter({
    bodyLimit: 1_048_576,
    trustProxy: edge.trustedProxies.length ? edge.trustedProxies : false,
    routerOptions: { maxParamLength: 512 },
    frameworkErrors,
    clientErrorHandler,
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  const fastify = adapter.getInstance();
  let metrics: MetricsService | undefined;
  // bodyParser off: Nest would add a form (urlencoded) parser; only JSON is ever parsed (edge/json-only.ts).
  const app = await NestFactory.create<NestFastifyApplication>(rootModule as never, adapter, {
    bufferLogs: false,
    bodyParser: false,
    logger: new PinoNestLogger(logger),
  });
  // After Nest's own onRequest hooks (its shutdown 503 among them), before any route runs.
  const requests = installHttpRequestLog(fastify as never, logger, () => metrics);
  await installEdge(fastify as never, edge);
  const shutdownLog = logger.child({ context: 'shutdown' });
  fastify.addHook('preClose', (done: () => void) => {
    const n = requests.inFlight();
    shutdownLog.info(
      `HTTP: listener closing, new requests get 503; waiting for ${n} in-flight request(s)${n ? `: ${requests.describeInFlight()}` : ''}`,
    );
    done();
  });
  fastify.addHook('onClose', (_instance: unknown, done: () => void) => {
    shutdownLog.info('HTTP: server closed, in-flight requests finished');
    done();
  });
  try {
    metrics = app.get(MetricsService, { strict: false });
  } catch {
    metrics = undefined; // a test module without the CoreModule
  }
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new BadRequestException({ code: 'REQUEST.INVALID', message: 'the request body or query is invalid', errors: fieldErrors(errors) }),
    }),
  );
  app.useGlobalFilters(new ProblemFilter());
  const document = SwaggerModule.createDocument(
    app as unknown as INestApplication,
    new DocumentBuilder()
      .setTitle('banjie (办结) API')
      .setDescription('Event-sourced issue workflow for serve-the-enterprises campaigns. Errors are application/problem+json.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app as unknown as INestApplication, document, { jsonDocumentUrl: 'docs/json' });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/**
 * Stops the listener and waits until every in-flight request has been answered. A connection that
 * was busy when closing began turns into an idle keep-alive connection once its answer is sent,
 * and Node's server.close() would then wait for the client (or the 72 s keep-alive timeout);
 * sweeping idle connections until the server is closed lets the close finish as soon as the last
 * answer is out, without cutting any request short.
 */
export async function drainHttp(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const sweep = setInterval(() => fastify.server.closeIdleConnections?.(), 50);
  try {
    await fastify.close();
  } finally {
    clearInterval(sweep);
  }
}
