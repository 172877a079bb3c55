import { mkdirSync } from 'node:fs';
import { Module } from '@nestjs/common';
import {
  ATTACHMENTS_CONFIG,
  ATTACHMENT_STORE,
  LocalFolderAttachmentStore,
  loadAttachmentsConfig,
  type AttachmentsConfig,
} from '@banjie/attachments';
import { APP_CONFIG, type AppConfig } from '@banjie/platform';
import { AttachmentDownloadHttpController } from './attachment-download.http-controller';
import { AttachmentRefs } from './attachment-refs';
import { UploadAttachmentHttpController } from './upload-attachment.http-controller';

/** Field evidence over HTTP: upload, the refs commands record, and downloads through the record (docs/event-store.md). */
@Module({
  controllers: [UploadAttachmentHttpController, AttachmentDownloadHttpController],
  providers: [
    {
      provide: ATTACHMENTS_CONFIG,
      useFactory: (config: AppConfig) => loadAttachmentsConfig(process.env, config.dataDir),
      inject: [APP_CONFIG],
    },
    {
      provide: ATTACHMENT_STORE,
      useFactory: (config: AttachmentsConfig) => {
        mkdirSync(config.dir, { recursive: true });
        return new LocalFolderAttachmentStore(config.dir);
      },
      inject: [ATTACHMENTS_CONFIG],
    },
    AttachmentRefs,
  ],
  exports: [ATTACHMENTS_CONFIG, ATTACHMENT_STORE, AttachmentRefs],
})
export class AttachmentsModule {}
