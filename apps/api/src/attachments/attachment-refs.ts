import { Inject, Injectable } from '@nestjs/common';
import type { AttachmentRef } from '@banjie/domain';
import { ACCEPTED_TYPES, ATTACHMENT_STORE, acceptedTypeOfStream, type AttachmentStore } from '@banjie/attachments';
import { ProblemError } from '@banjie/platform';

export interface AttachmentInput {
  sha256: string;
  name: string;
}

/**
 * Turns the `{ sha256, name }` a command's body names into what the event records: the file must
 * have been uploaded (POST /attachments), its size is the stored file's and its type is read from
 * its bytes again — a client names a file, it cannot claim its size or type.
 */
@Injectable()
export class AttachmentRefs {
  constructor(@Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore) {}

  async describe(inputs: AttachmentInput[] | undefined): Promise<AttachmentRef[] | undefined> {
    if (!inputs?.length) return undefined;
    const out: AttachmentRef[] = [];
    for (const [i, input] of inputs.entries()) {
      const field = `attachments[${i}]`;
      const stat = await this.store.stat(input.sha256);
      const stream = stat ? await this.store.open(input.sha256) : null;
      const type = stream ? await acceptedTypeOfStream(stream) : null;
      if (!stat || !type || !ACCEPTED_TYPES[type]) {
        throw new ProblemError(
          422,
          'ATTACHMENT.NOT_FOUND',
          `${field}: no uploaded file has sha256 ${input.sha256}; upload it first (POST /attachments)`,
          {
            errors: [{ field, message: '附件未上传或已失效，请重新上传' }],
          },
        );
      }
      out.push({ sha256: input.sha256, size: stat.size, type, name: input.name });
    }
    return out;
  }
}
