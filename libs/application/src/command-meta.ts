import { randomUUID } from 'node:crypto';
import { Command } from '@nestjs/cqrs';
import { SYSTEM_ACTOR, type Actor } from '@banjie/domain';
import type { EventMetadata } from '@banjie/event-store';

/**
 * Everything a command carries besides its data: who, why (correlation), which request
 * (idempotency key), from where, when it happened (business time) and, optionally, the stream
 * version the caller saw (If-Match). The same shape whether HTTP, the CLI or the demo dispatches.
 */
export interface CommandMeta {
  actor: Actor;
  /** The command's own id; becomes every written event's causationId. */
  commandId: string;
  correlationId: string;
  idempotencyKey: string | null;
  source: EventMetadata['source'];
  /** Business time; absent → now (the injected clock). */
  occurredAt?: Date;
  /** The version the caller expects the stream to be at (If-Match); absent → the loaded version. */
  expectedVersion?: number;
}

/** Fills in what the caller left out: the system actor, new ids, source 'cli'. */
export function commandMeta(partial: Partial<CommandMeta> = {}): CommandMeta {
  const commandId = partial.commandId ?? randomUUID();
  return {
    actor: partial.actor ?? SYSTEM_ACTOR,
    commandId,
    correlationId: partial.correlationId ?? commandId,
    idempotencyKey: partial.idempotencyKey ?? null,
    source: partial.source ?? 'cli',
    ...(partial.occurredAt ? { occurredAt: partial.occurredAt } : {}),
    ...(partial.expectedVersion !== undefined ? { expectedVersion: partial.expectedVersion } : {}),
  };
}

/** What every command answers: the aggregate's id and its stream version after the command. */
export interface CommandResult {
  id: string;
  version: number;
}

/**
 * Base of banjie's commands: `new ResolveIssueCommand({ issueId, resolution }, { actor, source: 'demo' })`.
 * Never put @CommandHandler on a class another command extends (the bus keys on class metadata).
 */
export abstract class BanjieCommand<TData> extends Command<CommandResult> {
  readonly meta: CommandMeta;
  constructor(
    readonly data: TData,
    meta: Partial<CommandMeta> = {},
  ) {
    super();
    this.meta = commandMeta(meta);
  }
}
