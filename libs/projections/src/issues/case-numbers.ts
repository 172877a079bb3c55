/**
 * Case numbers (案件编号, issue #18): each issue's readable number, `2023-000123`, sequential within
 * its campaign in the order the issues were collected, never reused.
 *
 * Derived here, on the read side, rather than assigned by the collect command: the event store
 * already orders every IssueCollected by its global position, and one owner applies them in that
 * order, so a per-campaign counter in this read model can neither hand one number out twice nor
 * skip one — whatever the concurrency of the writers, and with no counter row for them to contend
 * on. A rebuild replays the same order and gives every issue the same number again; a withdrawn
 * issue keeps its number (its IssueCollected stays), so numbers are never reused. The year is the
 * Beijing year of the campaign's first collected issue, kept on the counter, so all of a campaign's
 * numbers share it (docs/projections.md "Case numbers").
 */
import { businessDate } from '@banjie/domain';
import type { Stored } from '../runtime/keyed-projection';
import { Table } from '../runtime/table';

/** The campaign's counter: the last number handed out. */
export interface CaseCounter {
  campaignId: string;
  year: string;
  lastNumber: number;
}

/** One issue's number, appended when its IssueCollected is applied. */
export interface CaseNumberRow {
  issueId: string;
  campaignId: string;
  seq: number;
  caseNumber: string;
}

export const caseCountersTable = new Table<CaseCounter>(
  'iq_case_counters',
  { campaignId: { type: 'text' }, year: { type: 'text' }, lastNumber: { type: 'integer' } },
  { primaryKey: ['campaignId'] },
);

export const caseNumbersTable = new Table<CaseNumberRow>(
  'iq_case_numbers',
  { issueId: { type: 'text' }, campaignId: { type: 'text' }, seq: { type: 'integer' }, caseNumber: { type: 'text' } },
  {
    primaryKey: ['issueId'],
    appendOnly: true,
    indexes: [{ name: 'number', on: 'case_number' }],
  },
);

export function formatCaseNumber(year: string, seq: number): string {
  return `${year}-${String(seq).padStart(6, '0')}`;
}

export function evolveCaseCounter(row: CaseCounter | null, event: Stored<'IssueCollected'>): CaseCounter {
  return {
    campaignId: event.data.campaignId,
    year: row?.year ?? businessDate(event.occurredAt).slice(0, 4),
    lastNumber: (row?.lastNumber ?? 0) + 1,
  };
}

export function caseNumberOf(_before: CaseCounter | null, after: CaseCounter, event: Stored<'IssueCollected'>): CaseNumberRow[] {
  return [
    {
      issueId: event.data.issueId,
      campaignId: after.campaignId,
      seq: after.lastNumber,
      caseNumber: formatCaseNumber(after.year, after.lastNumber),
    },
  ];
}
