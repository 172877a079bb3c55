import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Pool } from 'pg';
import {
  LocalFolderAttachmentStore,
  loadAttachmentsConfig,
  recordedAttachments,
  verifyAttachments,
  type RecordedAttachment,
} from '@banjie/attachments';
import { CHECKPOINT_STREAM, type BrokenLink, type EventStore, type VerifyReport } from '@banjie/event-store';
import type { CliContext } from '../cli-context';

const SHOWN = 50;

export function registerVerify(program: Command, ctx: CliContext) {
  program
    .command('verify')
    .description(
      "re-compute every event's hash, check every stream's chain, every signed checkpoint's claims and the anchor table; name what was changed or deleted",
    )
    .option('--stream <id>', 'only this stream (and the newest checkpoint that vouches for it)')
    .option('--anchors <file>', 'also check the store against an off-site copy of the anchors (NDJSON from `audit anchors`)')
    .action(async (opts: { stream?: string; anchors?: string }) => {
      const attachmentsDir = loadAttachmentsConfig(process.env, ctx.config.dataDir).dir;
      const { report, offsite, files } = await ctx.withDatabase(async (db, store) => ({
        report: await store.verify(opts.stream),
        offsite: opts.anchors ? await offsiteFindings(db.pool, store, opts.anchors) : [],
        files: await verifyAttachments(attachmentsOf(store, opts.stream), new LocalFolderAttachmentStore(attachmentsDir)),
      }));
      const evidence = files.findings.map((f): BrokenLink => ({
        streamId: f.streamId,
        streamVersion: f.streamVersion,
        position: f.position,
        reason: f.reason as never,
        detail: f.detail,
      }));
      const broken = [...report.broken, ...offsite, ...evidence];
      const attached = `${files.files} attached file(s) in ${attachmentsDir}`;
      if (broken.length === 0) {
        console.log(
          `OK: ${report.events} events in ${report.streams} streams, every hash chain intact; ${anchoring(report)}; ${attached} match their events`,
        );
        return;
      }
      console.log(
        `BROKEN: ${broken.length} finding(s) (${report.events} events in ${report.streams} streams checked; ${anchoring(report)}; ${attached} checked)`,
      );
      for (const b of broken.slice(0, SHOWN)) console.log(`  ${line(b)}`);
      if (broken.length > SHOWN) console.log(`  … and ${broken.length - SHOWN} more`);
      process.exitCode = 2;
    });
}

/** Every attachment the events name (one stream's with --stream), read through the store's port. */
async function* attachmentsOf(store: EventStore, streamId: string | undefined): AsyncGenerator<RecordedAttachment> {
  if (streamId) {
    yield* recordedAttachments(await store.readStream(streamId));
    return;
  }
  for await (const batch of store.readAll()) yield* recordedAttachments(batch);
}

function line(b: BrokenLink): string {
  const where = b.position ? ` (position ${b.position})` : '';
  const versions =
    b.toVersion !== undefined && b.toVersion !== b.streamVersion
      ? `versions ${b.streamVersion}–${b.toVersion}`
      : `version ${b.streamVersion}`;
  return `stream ${b.streamId} ${versions}${where}: ${b.reason.replace(/_/g, ' ')} — ${b.detail}`;
}

function anchoring(report: VerifyReport): string {
  const a = report.anchors;
  if (!a.last) return `no checkpoint yet: deletions cannot be detected until one is recorded (${a.unanchoredEvents} events unanchored)`;
  return `anchored by ${a.checkpoints} checkpoint(s), the last #${a.last.sequence} at ${a.last.recordedAt}; ${a.unanchoredEvents} event(s) recorded since are not yet anchored`;
}

/** Every anchor of the off-site copy must still be in the store, unchanged: a rollback of the newest checkpoints shows here. */
async function offsiteFindings(pool: Pool, store: Pick<EventStore, 'readStream'>, file: string): Promise<BrokenLink[]> {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const { rows } = await pool.query(`SELECT sequence, hash FROM event_anchors`);
  const events = (await store.readStream(CHECKPOINT_STREAM)).map((e) => ({ stream_version: e.streamVersion, hash: e.hash }));
  const anchors = new Map<number, string>(rows.map((r: { sequence: number; hash: string }) => [Number(r.sequence), r.hash]));
  const checkpoints = new Map<number, string>(events.map((r: { stream_version: number; hash: string }) => [r.stream_version, r.hash]));
  const out: BrokenLink[] = [];
  for (const l of lines) {
    const { sequence, hash } = JSON.parse(l) as { sequence: number; hash: string };
    if (anchors.get(sequence) === hash && checkpoints.get(sequence) === hash) continue;
    out.push({
      streamId: CHECKPOINT_STREAM,
      streamVersion: sequence,
      position: 0,
      reason: 'checkpoint_deleted',
      detail: `checkpoint #${sequence} of the off-site copy (${file}) is ${anchors.has(sequence) || checkpoints.has(sequence) ? 'different' : 'gone'} in this store`,
    });
  }
  return out;
}
