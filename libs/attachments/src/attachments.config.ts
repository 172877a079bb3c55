import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@banjie/platform';

/**
 * Where attachments live and how large they may be (README configuration table, docs/event-store.md
 * "Attachments"):
 * - ATTACHMENTS_DIR: the folder of the content-addressed files; default DATA_DIR/attachments
 *   (DATA_DIR=memory:// → a throwaway folder of this process, like the database).
 * - ATTACHMENT_MAX_MB: the largest file accepted, in MiB (default 10; 1–100).
 */
export interface AttachmentsConfig {
  dir: string;
  maxBytes: number;
}

/** `dataDir`: the process's configured DATA_DIR (AppConfig), which tests set without the environment. */
export function loadAttachmentsConfig(env: NodeJS.ProcessEnv = process.env, dataDirOf?: string): AttachmentsConfig {
  const dataDir = dataDirOf ?? (env.DATA_DIR?.trim() || './data');
  const dir =
    env.ATTACHMENTS_DIR?.trim() ||
    (dataDir.startsWith('memory://') ? join(tmpdir(), `banjie-attachments-${process.pid}`) : join(dataDir, 'attachments'));
  const raw = env.ATTACHMENT_MAX_MB?.trim();
  if (raw && (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 100)) {
    throw new ConfigError('ATTACHMENT_MAX_MB', `"${raw}" is not a whole number of MiB in 1..100`);
  }
  return { dir, maxBytes: (raw ? Number(raw) : 10) * 1024 * 1024 };
}

export const ATTACHMENTS_CONFIG = Symbol('ATTACHMENTS_CONFIG');

/** The AttachmentStore the processes share (a LocalFolderAttachmentStore on ATTACHMENTS_DIR). */
export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');
