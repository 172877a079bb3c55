import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { activityStream, issueStream, supervisionStream, type AttachmentRef } from '@banjie/domain';
import { ACCEPTED_TYPES, ATTACHMENT_STORE, type AttachmentStore } from '@banjie/attachments';
import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import { ProblemError } from '@banjie/platform';
import { IdPipe } from '../http/id.pipe';

/**
 * A recorded attachment's bytes, through the record it belongs to: whoever may read the issue,
 * activity or notice (the access guard decides by the path's id, as for the record itself) may
 * read its attachments — and only files an event of that stream names. Images inline, the rest
 * as downloads (`?download=1` forces one); served with a sandboxing CSP and nosniff.
 */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentDownloadHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
  ) {}

  @Get('issues/:id/attachments/:sha256')
  @ApiOperation({ summary: "a file attached to one of the issue's events" })
  issue(
    @Param('id', IdPipe) id: string,
    @Param('sha256') sha256: string,
    @Query('download') download: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    return this.send(issueStream(id), sha256, download, reply);
  }

  @Get('activities/:id/attachments/:sha256')
  @ApiOperation({ summary: 'a file attached to the activity' })
  activity(
    @Param('id', IdPipe) id: string,
    @Param('sha256') sha256: string,
    @Query('download') download: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    return this.send(activityStream(id), sha256, download, reply);
  }

  @Get('supervision-notices/:id/attachments/:sha256')
  @ApiOperation({ summary: "a file attached to the notice's answer" })
  notice(
    @Param('id', IdPipe) id: string,
    @Param('sha256') sha256: string,
    @Query('download') download: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    return this.send(supervisionStream(id), sha256, download, reply);
  }

  private async send(streamId: string, sha256: string, download: string | undefined, reply: FastifyReply) {
    const ref = /^[0-9a-f]{64}$/.test(sha256) ? await this.recorded(streamId, sha256) : null;
    if (!ref) throw new ProblemError(404, 'ATTACHMENT.NOT_FOUND', `no event of ${streamId} has an attachment ${sha256}`);
    const file = await this.store.open(sha256);
    if (!file)
      throw new ProblemError(
        404,
        'ATTACHMENT.FILE_MISSING',
        `the file of attachment "${ref.name}" is missing from the attachment store (cli verify names it)`,
      );
    const inline = ACCEPTED_TYPES[ref.type]?.inline && download === undefined;
    const encoded = encodeURIComponent(ref.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    return reply
      .header('content-type', ref.type)
      .header('content-length', String(ref.size))
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="attachment"; filename*=UTF-8''${encoded}`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-attachment-sha256', ref.sha256)
      .send(file);
  }

  private async recorded(streamId: string, sha256: string): Promise<AttachmentRef | null> {
    for (const event of await this.events.readStream(streamId)) {
      const list = (event.data as { attachments?: AttachmentRef[] } | null)?.attachments;
      const found = Array.isArray(list) ? list.find((a) => a?.sha256 === sha256) : undefined;
      if (found) return found;
    }
    return null;
  }
}
