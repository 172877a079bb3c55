import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError } from '@banjie/domain';
import { ConcurrencyError, Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { MetricsService, type CommandOutcome } from './metrics.service';
import { readStoreGauges } from './store-gauges';

const COUNTED = Symbol('banjie.conflictCounted');

/** A label for a command: its class name without the suffix (`RegisterUnitCommand` → `RegisterUnit`). */
export function commandType(command: object): string {
  return command.constructor?.name?.replace(/Command$/, '') || 'unknown';
}

export function commandOutcome(error: unknown): CommandOutcome {
  if (error instanceof ConcurrencyError) return 'conflict';
  if (error instanceof DomainError) return 'rejected';
  return 'error';
}

/**
 * Feeds the counters without touching any handler: every command through the CommandBus (HTTP,
 * CLI, demo) is timed and counted by outcome, and every append through the event store counts its
 * events and its conflicts. Both are wrapped once, when the application starts.
 */
@Injectable()
export class MetricsInstrumentation implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Database) private readonly db: Database,
  ) {}

  onModuleInit() {
    const metrics = this.metrics;
    const bus = this.commandBus as unknown as { execute: (command: object, ...rest: unknown[]) => Promise<unknown> };
    const execute = bus.execute.bind(bus);
    bus.execute = async (command: object, ...rest: unknown[]) => {
      const started = performance.now();
      const type = commandType(command);
      try {
        const result = await execute(command, ...rest);
        metrics.commandHandled(type, 'ok', performance.now() - started);
        return result;
      } catch (error) {
        const outcome = commandOutcome(error);
        metrics.commandHandled(type, outcome, performance.now() - started);
        if (error instanceof ConcurrencyError && !(error as unknown as { [COUNTED]?: boolean })[COUNTED]) {
          metrics.concurrencyConflict(streamCategory(error.streamId)); // a stale If-Match, refused before the append
        }
        throw error;
      }
    };

    const store = this.store as unknown as { append: EventStore['append'] };
    const append = store.append.bind(store);
    store.append = async (streamId, expected, events) => {
      try {
        const result = await append(streamId, expected, events);
        if (!result.duplicate) metrics.eventsAppended(events.map((e) => e.type));
        return result;
      } catch (error) {
        if (error instanceof ConcurrencyError) {
          metrics.concurrencyConflict(streamCategory(streamId));
          (error as unknown as { [COUNTED]: boolean })[COUNTED] = true;
        }
        throw error;
      }
    };

    metrics.addCollector(async (m) => {
      try {
        m.setStoreGauges(await readStoreGauges(this.db.pool, this.store));
        m.storeUp.set(1);
      } catch (error) {
        m.storeUp.set(0);
        throw error;
      }
    });
  }
}

/** `issue-123` → `issue`: a conflict is labelled by the kind of stream, never by its id. */
function streamCategory(streamId: string): string {
  const i = streamId.indexOf('-');
  return i < 0 ? streamId : streamId.slice(0, i);
}
