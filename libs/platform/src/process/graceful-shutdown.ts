import { Logger } from '@nestjs/common';

export interface GracefulShutdownOptions {
  /** Past this bound the process gives up waiting and exits 1 (SHUTDOWN_TIMEOUT_MS). */
  timeoutMs?: number;
  /**
   * Stops the listener and waits for in-flight requests, BEFORE the modules are told to stop.
   * Nest's own order runs onModuleDestroy (projector, watchers, schedules) before it closes the
   * HTTP server, and a request still running then can wait forever on what was stopped.
   */
  drain?: () => Promise<unknown>;
}

/**
 * On SIGTERM/SIGINT: close the application, then exit 0 — within a bound, with a log line per step.
 * `app.close()` runs Nest's sequence: new requests get 503 at once (Fastify adapter), the
 * projector and watchers stop after committing their current batch and checkpoint (their
 * onModuleDestroy), the HTTP server closes once in-flight requests — and so their commands — have
 * answered, and last the database closes (PGlite: flushed, data-folder lock released). Nest's own
 * shutdown hooks re-raise the signal, which makes the exit code look like a crash to supervisors;
 * this exits cleanly instead. A second signal while closing exits 1 at once (an impatient Ctrl-C).
 */
export function exitGracefully(app: { close(): Promise<void> }, options: GracefulShutdownOptions | number = {}): void {
  const timeoutMs = typeof options === 'number' ? options : (options.timeoutMs ?? 10_000);
  const logger = new Logger('shutdown');
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      try {
        logger.warn(`${signal} again while closing: exiting now`);
      } finally {
        process.exit(1);
      }
    }
    closing = true;
    const started = Date.now();
    logger.log(`${signal} received: closing (at most ${timeoutMs} ms)`);
    const timer = setTimeout(() => {
      try {
        logger.error(`shutdown took longer than ${timeoutMs} ms; exiting with 1`);
      } finally {
        process.exit(1); // even when the log cannot be written (a closed stdout pipe)
      }
    }, timeoutMs);
    timer.unref();
    const drain = typeof options === 'number' ? undefined : options.drain;
    Promise.resolve()
      .then(async () => {
        if (!drain) return;
        await drain();
        logger.log(`HTTP listener closed, in-flight requests answered (${Date.now() - started} ms)`);
      })
      .then(() => app.close())
      .then(
        () => {
          logger.log(`closed in ${Date.now() - started} ms; exiting with 0`);
          process.exit(0);
        },
        (error) => {
          logger.error(`shutdown failed: ${error?.stack ?? error}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
