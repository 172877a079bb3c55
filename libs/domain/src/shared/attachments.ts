import { DomainError } from './domain-error';

/**
 * A file (photo, scan, document) attached to an event as field evidence: the event records its
 * content's SHA-256, size, media type and name, so the per-stream hash chain covers the evidence
 * and `cli verify` can tell when a stored file no longer matches (docs/event-store.md). The bytes
 * live outside the event, content-addressed (libs/attachments).
 */
export interface AttachmentRef {
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
  /** Bytes. */
  size: number;
  /** The media type found in the file's own bytes (magic numbers), not the client's claim. */
  type: string;
  /** The file name the person chose, for display and download. */
  name: string;
}

export const ATTACHMENTS_MAX_PER_EVENT = 9;
export const ATTACHMENT_NAME_MAX_LENGTH = 200;
const SHA256 = /^[0-9a-f]{64}$/;
const MEDIA_TYPE = /^[a-z]+\/[a-z0-9.+-]{1,100}$/;

/** Absent or empty → undefined (the event then carries no `attachments` field at all, as before). */
export function optionalAttachments(value: unknown): AttachmentRef[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid('attachments must be a list');
  if (value.length === 0) return undefined;
  if (value.length > ATTACHMENTS_MAX_PER_EVENT) throw invalid(`at most ${ATTACHMENTS_MAX_PER_EVENT} attachments per record`);
  const seen = new Set<string>();
  return value.map((a: Partial<AttachmentRef>, i) => {
    const name = typeof a?.name === 'string' ? a.name.trim() : '';
    if (typeof a?.sha256 !== 'string' || !SHA256.test(a.sha256)) throw invalid(`attachments[${i}].sha256 is not a SHA-256 in hex`);
    if (!Number.isSafeInteger(a.size) || (a.size as number) < 1) throw invalid(`attachments[${i}].size is not a positive whole number`);
    if (typeof a.type !== 'string' || !MEDIA_TYPE.test(a.type)) throw invalid(`attachments[${i}].type is not a media type`);
    if (!name || [...name].length > ATTACHMENT_NAME_MAX_LENGTH)
      throw invalid(`attachments[${i}].name must be 1–${ATTACHMENT_NAME_MAX_LENGTH} characters`);
    if (seen.has(a.sha256)) throw invalid(`attachments[${i}] is the same file as an earlier one`);
    seen.add(a.sha256);
    return { sha256: a.sha256, size: a.size as number, type: a.type, name };
  });
}

/** `{ attachments }` when there are some, else nothing: spread into an event's data. */
export function withAttachments(value: unknown): { attachments?: AttachmentRef[] } {
  const attachments = optionalAttachments(value);
  return attachments ? { attachments } : {};
}

function invalid(reason: string): DomainError {
  return new DomainError('ATTACHMENT.INVALID', reason, 'invalid', undefined, { attachments: reason });
}
