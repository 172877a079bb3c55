import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import type { AppConfig } from '../config/app-config';
import { REDACT_PATHS, REDACTED, scrubSecrets } from './redact';
import { requestContext } from './request-context';

export type { Logger as Pino } from 'pino';

export interface LoggerOptions {
  level: AppConfig['logLevel'];
  format: AppConfig['logFormat'];
  /** Which process writes (`api`, `worker`, `cli`): a field on every line. */
  service?: string;
  /** Where lines go; default standard output (12-factor: the platform collects it). */
  destination?: DestinationStream;
}

/**
 * The process's one pino logger. JSON lines (level as a word, ISO time) unless a person is
 * watching: `LOG_FORMAT=pretty`, or `auto` on a TTY. Synchronous writes, so the last lines before
 * an exit (a configuration error, the shutdown steps) are never lost. Secrets are removed twice:
 * by field (redact paths) and by shape on the finished line (scrubSecrets).
 */
export function createLogger(options: LoggerOptions): Pino {
  const pretty = options.format === 'pretty' || (options.format === 'auto' && process.stdout.isTTY === true);
  const destination = options.destination ?? (pretty ? prettyStream() : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: options.level,
      base: { pid: process.pid, service: options.service ?? 'banjie' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: scrubSecrets },
      // Lines written while serving a request carry its correlation id.
      mixin(merge: object) {
        const ctx = requestContext();
        return ctx && !('correlationId' in merge) ? { correlationId: ctx.correlationId } : {};
      },
      ...(pretty ? {} : { formatters: { level: (label: string) => ({ level: label }) } }),
    },
    destination,
  );
}

function prettyStream(): DestinationStream {
  // Loaded only on a TTY; a production image that lacks it falls back to JSON.
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as (o: object) => DestinationStream;
    return pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
  } catch {
    return pino.destination({ dest: 1, sync: true });
  }
}

/** Nest's start-up chatter (one line per module and route): kept, but at debug. */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's LoggerService over pino: `new Logger('X').log(...)` anywhere becomes a structured line. */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]) {
    const context = params[params.length - 1];
    this.write(typeof context === 'string' && CHATTY_CONTEXTS.has(context) ? 'debug' : 'info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, params: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    // Nest passes (message, context) or, for errors, (message, stack, context).
    const context = rest.length && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    const stack = rest.find((p) => typeof p === 'string' && /\n\s+at /.test(p));
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (message && typeof message === 'object') {
      this.pino[level]({ ...fields, ...(message as object) });
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
