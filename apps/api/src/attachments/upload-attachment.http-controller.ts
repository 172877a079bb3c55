import { Controller, Inject, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { promises as fs } from 'node:fs';
import { ATTACHMENT_NAME_MAX_LENGTH } from '@banjie/domain';
import {
  ACCEPTED_TYPES,
  ATTACHMENTS_CONFIG,
  ATTACHMENT_STORE,
  AttachmentTooLargeError,
  acceptedTypeOf,
  type AttachmentStore,
  type AttachmentsConfig,
} from '@banjie/attachments';
import { ProblemError } from '@banjie/platform';

type MultipartRequest = FastifyRequest & {
  file(options?: {
    limits?: { fileSize?: number };
  }): Promise<{ file: NodeJS.ReadableStream & { truncated?: boolean }; filename: string } | undefined>;
};

/**
 * `POST /attachments`: one photo or document as multipart/form-data (the JSON-only rule's one
 * exception, with its own size limit ATTACHMENT_MAX_MB). Stored content-addressed; its type is read
 * from its bytes. Answers `{ sha256, size, type, name }` — name the file in a command's
 * `attachments: [{ sha256, name }]` to record it as evidence (docs/event-store.md "Attachments").
 */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller('attachments')
export class UploadAttachmentHttpController {
  constructor(
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore & { pathOf?(sha256: string): string },
    @Inject(ATTACHMENTS_CONFIG) private readonly config: AttachmentsConfig,
  ) {}

  @Post()
  @RouteConfig({ upload: true })
  @ApiOperation({ summary: `upload one file (JPEG, PNG, WebP, GIF, HEIC, PDF, Word, Excel) for a later command's attachments` })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  async upload(@Req() request: MultipartRequest) {
    const max = this.config.maxBytes;
    let part: Awaited<ReturnType<MultipartRequest['file']>>;
    try {
      part = await request.file({ limits: { fileSize: max } });
    } catch (error) {
      throw refusal(error, max);
    }
    if (!part) throw new ProblemError(400, 'ATTACHMENT.NO_FILE', 'send one file in a multipart/form-data field');
    const name = fileName(part.filename);
    let stored;
    try {
      stored = await this.store.put(part.file as never, max);
    } catch (error) {
      throw refusal(error, max);
    }
    const type = this.store.pathOf ? await acceptedTypeOf(this.store.pathOf(stored.sha256)) : null;
    if (!type) {
      // Same bytes, same type: a file refused now was never accepted, so removing it loses nothing.
      if (this.store.pathOf) await fs.rm(this.store.pathOf(stored.sha256), { force: true });
      throw new ProblemError(
        415,
        'ATTACHMENT.TYPE_NOT_ACCEPTED',
        `the file's content is none of: ${Object.keys(ACCEPTED_TYPES).join(', ')}`,
        {
          errors: [{ field: 'file', message: '只接受图片（JPEG、PNG、WebP、GIF、HEIC）、PDF、Word 和 Excel 文件' }],
        },
      );
    }
    return { sha256: stored.sha256, size: stored.size, type, name };
  }
}

function refusal(error: unknown, max: number): unknown {
  const code = (error as { code?: string }).code;
  if (error instanceof AttachmentTooLargeError || code === 'FST_REQ_FILE_TOO_LARGE') {
    const mb = Math.round(max / 1024 / 1024);
    return new ProblemError(413, 'ATTACHMENT.TOO_LARGE', `a file may be at most ${mb} MiB`, {
      errors: [{ field: 'file', message: `文件不能超过 ${mb} MB` }],
    });
  }
  if (
    code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' ||
    code === 'FST_FILES_LIMIT' ||
    code === 'FST_PARTS_LIMIT' ||
    code === 'FST_FIELDS_LIMIT'
  ) {
    return new ProblemError(400, 'ATTACHMENT.ONE_FILE', 'send exactly one file and no other field');
  }
  return error;
}

/** The person's file name, without any folder, control characters or more than 200 characters. */
function fileName(raw: string | undefined): string {
  const base = String(raw ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[\uD800-\uDFFF]/g, '')
    .trim();
  return [...(base || '附件')].slice(0, ATTACHMENT_NAME_MAX_LENGTH).join('');
}
