import type { Readable } from 'node:stream';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';

/**
 * What may be attached, by the type found in the file's own bytes (file-type reads the magic
 * numbers, and for Office files the ZIP's entries) — never the client's Content-Type or the name's
 * extension, so a renamed executable or HTML page is refused. Images the browsers show inline;
 * the rest are offered for download.
 */
export const ACCEPTED_TYPES: Readonly<Record<string, { label: string; inline: boolean }>> = {
  'image/jpeg': { label: 'JPEG 图片', inline: true },
  'image/png': { label: 'PNG 图片', inline: true },
  'image/webp': { label: 'WebP 图片', inline: true },
  'image/gif': { label: 'GIF 图片', inline: true },
  'image/heic': { label: 'HEIC 图片（iPhone）', inline: false },
  'application/pdf': { label: 'PDF 文件', inline: false },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'Word 文档', inline: false },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { label: 'Excel 表格', inline: false },
};

/** The media type of a stored file by its bytes; null when it is none of ACCEPTED_TYPES. */
export async function acceptedTypeOf(path: string): Promise<string | null> {
  const found = await fileTypeFromFile(path);
  return found && ACCEPTED_TYPES[found.mime] ? found.mime : null;
}

/** Enough of a file's head for its type (an Office file's first ZIP entries included). */
const HEAD_BYTES = 256 * 1024;

/** The same, from a stream of the file's bytes (any store); the stream is closed afterwards. */
export async function acceptedTypeOfStream(stream: Readable): Promise<string | null> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= HEAD_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  const found = await fileTypeFromBuffer(Buffer.concat(chunks).subarray(0, HEAD_BYTES));
  return found && ACCEPTED_TYPES[found.mime] ? found.mime : null;
}
