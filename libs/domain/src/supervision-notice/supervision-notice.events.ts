import type { AttachmentRef } from '../shared/attachments';
import type { DomainEvent } from '../shared/event';

export const NOTICE_LEVELS = ['reminder', 'yellow', 'red'] as const;
/** 催办 reminder, 黄牌 yellow, 红牌 red. */
export type NoticeLevel = (typeof NOTICE_LEVELS)[number];

export type SupervisionNoticeIssued = DomainEvent<
  'SupervisionNoticeIssued',
  {
    noticeId: string;
    campaignId: string;
    unitId: string;
    issueIds: string[];
    reason: string;
    level: NoticeLevel;
    respondBy: string; // YYYY-MM-DD
  }
>;
/** `attachments`: documents of the answer (optional; added by issue 19). */
export type SupervisionNoticeAnswered = DomainEvent<'SupervisionNoticeAnswered', { response: string; attachments?: AttachmentRef[] }>;
export type SupervisionNoticeClosed = DomainEvent<'SupervisionNoticeClosed', { outcome: string }>;

export type SupervisionNoticeEvent = SupervisionNoticeIssued | SupervisionNoticeAnswered | SupervisionNoticeClosed;
export const supervisionStream = (noticeId: string) => `supervision-${noticeId}`;
