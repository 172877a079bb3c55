import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs, type ReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** A file was larger than allowed; nothing was kept. */
export class AttachmentTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
    this.name = 'AttachmentTooLargeError';
  }
}

export interface StoredFile {
  sha256: string;
  size: number;
}

/**
 * Where attachment bytes live, by their SHA-256 (content-addressed: the same photo twice is one
 * file, and a file's name is its hash, so the event's hash names exactly one content). The local
 * folder is the one implementation here; an S3-compatible object store (several API replicas on
 * PostgreSQL share no folder) implements the same four methods — docs/event-store.md "Attachments".
 */
export interface AttachmentStore {
  /** Streams `source` in, hashing it; refuses (and keeps nothing) past `maxBytes`. */
  put(source: Readable, maxBytes: number): Promise<StoredFile & { path: string }>;
  /** The file's bytes, or null when there is none under that hash. */
  open(sha256: string): Promise<ReadStream | null>;
  /** Size of the stored file, or null. */
  stat(sha256: string): Promise<{ size: number } | null>;
  /** Re-reads the stored bytes and hashes them (what `cli verify` compares with the event). */
  hashOf(sha256: string): Promise<StoredFile | null>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** ATTACHMENTS_DIR/ab/cd/<sha256>: two levels of fan-out keep folders small. Files are written once, read-only. */
export class LocalFolderAttachmentStore implements AttachmentStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(source: Readable, maxBytes: number): Promise<StoredFile & { path: string }> {
    const tmp = join(this.dir, 'incoming', `${randomUUID()}.part`);
    await fs.mkdir(dirname(tmp), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new AttachmentTooLargeError(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tmp, { mode: 0o600 }));
      if ((source as { truncated?: boolean }).truncated) throw new AttachmentTooLargeError(maxBytes);
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    const path = this.pathOf(sha256);
    await fs.mkdir(dirname(path), { recursive: true });
    if (await exists(path)) await fs.rm(tmp, { force: true });
    else {
      await fs.chmod(tmp, 0o400);
      await fs.rename(tmp, path);
    }
    return { sha256, size, path };
  }

  async open(sha256: string): Promise<ReadStream | null> {
    if (!SHA256.test(sha256)) return null;
    const path = this.pathOf(sha256);
    return (await exists(path)) ? createReadStream(path) : null;
  }

  async stat(sha256: string): Promise<{ size: number } | null> {
    if (!SHA256.test(sha256)) return null;
    try {
      return { size: (await fs.stat(this.pathOf(sha256))).size };
    } catch {
      return null;
    }
  }

  async hashOf(sha256: string): Promise<StoredFile | null> {
    const stream = await this.open(sha256);
    if (!stream) return null;
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
    return { sha256: hash.digest('hex'), size };
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}
