import { Logger } from '@nestjs/common';

/**
 * On SIGTERM/SIGINT: close the application (stop taking requests, let in-flight work and the
 * projectors finish their batch, close the database and release the PGlite folder lock), then
 * exit 0. Nest's own shutdown hooks re-raise the signal, which makes the exit code look like a
 * crash to supervisors; this exits cleanly instead, and force-exits 1 past the time bound.
 */
export function exitGracefully(app: { close(): Promise<void> }, timeoutMs = 15_000): void {
  const logger = new Logger('shutdown');
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: closing`);
    const timer = setTimeout(() => {
      logger.error(`shutdown took longer than ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    app.close().then(
      () => {
        logger.log('closed; bye');
        process.exit(0);
      },
      (error) => {
        logger.error(`shutdown failed: ${error}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
