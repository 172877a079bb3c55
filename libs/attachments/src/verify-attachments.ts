import type { AttachmentStore } from './attachment-store';

/** One attachment an event names, where it was found. */
export interface RecordedAttachment {
  streamId: string;
  streamVersion: number;
  position: number;
  type: string;
  attachment: { sha256: string; size: number; name: string };
}

export interface AttachmentFinding {
  streamId: string;
  streamVersion: number;
  position: number;
  reason: 'attachment_missing' | 'attachment_changed';
  sha256: string;
  name: string;
  detail: string;
}

/** The attachments of events (any event whose data has an `attachments` list). */
export function* recordedAttachments(
  events: Iterable<{ streamId: string; streamVersion: number; position: number | bigint | string; type: string; data: unknown }>,
): Generator<RecordedAttachment> {
  for (const e of events) {
    const list = (e.data as { attachments?: unknown } | null)?.attachments;
    if (!Array.isArray(list)) continue;
    for (const a of list) {
      if (!a || typeof a !== 'object' || typeof (a as { sha256?: unknown }).sha256 !== 'string') continue;
      yield {
        streamId: e.streamId,
        streamVersion: e.streamVersion,
        position: Number(e.position),
        type: e.type,
        attachment: a as RecordedAttachment['attachment'],
      };
    }
  }
}

/**
 * Re-hashes every file events name and compares it with the event's SHA-256 and size: a file
 * whose bytes changed, or that is gone, is a finding (the event itself is covered by the hash
 * chain, so the hash it records is the one to trust). Each distinct file is read once.
 */
export async function verifyAttachments(
  recorded: Iterable<RecordedAttachment> | AsyncIterable<RecordedAttachment>,
  store: AttachmentStore,
): Promise<{ files: number; references: number; findings: AttachmentFinding[] }> {
  const checked = new Map<string, Awaited<ReturnType<AttachmentStore['hashOf']>> | 'invalid'>();
  const findings: AttachmentFinding[] = [];
  let references = 0;
  for await (const r of recorded) {
    references++;
    const { sha256, size, name } = r.attachment;
    if (!checked.has(sha256)) checked.set(sha256, /^[0-9a-f]{64}$/.test(sha256) ? await store.hashOf(sha256) : 'invalid');
    const found = checked.get(sha256)!;
    const where = { streamId: r.streamId, streamVersion: r.streamVersion, position: r.position, sha256, name };
    if (found === null || found === 'invalid') {
      findings.push({
        ...where,
        reason: 'attachment_missing',
        detail: `attachment "${name}" (${sha256}) of ${r.type} is missing from the attachment store`,
      });
    } else if (found.sha256 !== sha256 || found.size !== size) {
      findings.push({
        ...where,
        reason: 'attachment_changed',
        detail: `attachment "${name}" of ${r.type}: the stored file's content no longer matches (recorded sha256 ${sha256}, ${size} bytes; found ${found.sha256}, ${found.size} bytes)`,
      });
    }
  }
  return { files: checked.size, references, findings };
}
