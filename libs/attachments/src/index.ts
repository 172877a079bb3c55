/**
 * @banjie/attachments: field evidence — photos and documents attached to activities, resolutions
 * and notice answers. Files are stored content-addressed (ATTACHMENTS_DIR/ab/cd/<sha256>), their
 * type checked by magic bytes; events record each file's SHA-256, size, type and name, and
 * `verifyAttachments` re-hashes the files for `cli verify`. See docs/event-store.md "Attachments".
 */
export * from './attachments.config';
export * from './media-types';
export * from './attachment-store';
export * from './verify-attachments';
