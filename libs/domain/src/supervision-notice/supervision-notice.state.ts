import { businessDate } from '../shared/dates';
import { assertNever } from '../shared/event';
import type { NoticeLevel, SupervisionNoticeEvent } from './supervision-notice.events';

export type NoticeStatus = 'none' | 'issued' | 'answered' | 'closed';

export interface SupervisionNoticeState {
  status: NoticeStatus;
  noticeId: string | null;
  campaignId: string | null;
  /** The addressed unit. */
  unitId: string | null;
  issueIds: string[];
  level: NoticeLevel | null;
  respondBy: string | null;
  issuedOn: string | null;
  answeredOn: string | null;
  closedOn: string | null;
  lastOccurredAt: Date | null;
}

export function initialSupervisionNoticeState(): SupervisionNoticeState {
  return {
    status: 'none',
    noticeId: null,
    campaignId: null,
    unitId: null,
    issueIds: [],
    level: null,
    respondBy: null,
    issuedOn: null,
    answeredOn: null,
    closedOn: null,
    lastOccurredAt: null,
  };
}

export function evolveSupervisionNotice(state: SupervisionNoticeState, event: SupervisionNoticeEvent): SupervisionNoticeState {
  const at = event.occurredAt ?? null;
  const on = at ? businessDate(at) : null;
  const next = { ...state, lastOccurredAt: at ?? state.lastOccurredAt };
  switch (event.type) {
    case 'SupervisionNoticeIssued': {
      const { noticeId, campaignId, unitId, issueIds, level, respondBy } = event.data;
      return { ...next, status: 'issued', noticeId, campaignId, unitId, issueIds: [...issueIds], level, respondBy, issuedOn: on };
    }
    case 'SupervisionNoticeAnswered':
      return { ...next, status: 'answered', answeredOn: on };
    case 'SupervisionNoticeClosed':
      return { ...next, status: 'closed', closedOn: on };
    default:
      return assertNever(event);
  }
}
