import { issueStream } from '../testing/events';
import { evolveIssueQueue, type IssueQueueRow } from './issue-queue.evolve';

const collect = {
  issueId: 'i1',
  campaignId: 'c',
  unitId: 'unit-a',
  enterpriseCode: 'E1',
  kind: 'problem',
  category: 'permit',
  title: 'T',
  description: 'd',
};

function fold(events: ReturnType<ReturnType<typeof issueStream>>[]): IssueQueueRow {
  return events.reduce<IssueQueueRow | null>((row, e) => evolveIssueQueue(row, e), null)!;
}

describe('issue queue', () => {
  it('a transfer moves responsibility, back to pending without a due date', () => {
    const i = issueStream('i1');
    const row = fold([
      i('IssueCollected', collect, '2023-05-04 10:00'),
      i('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      i('IssueTransferred', { fromUnitId: 'unit-a', toUnitId: 'unit-b', reason: 'r' }, '2023-05-05 09:00'),
    ]);
    expect(row).toMatchObject({
      state: 'pending',
      responsibleUnitId: 'unit-b',
      collectingUnitId: 'unit-a',
      dueOn: null,
      version: 3,
      lastEventType: 'IssueTransferred',
    });
  });

  it('overdue is flagged for the due date in force and cleared by an extension or a resolution', () => {
    const i = issueStream('i1');
    const events = [
      i('IssueCollected', collect, '2023-05-04 10:00'),
      i('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      i('IssueBecameOverdue', { dueOn: '2023-05-10' }, '2023-05-11 00:05'),
    ];
    expect(fold(events)).toMatchObject({ overdue: true });
    const extended = [...events, i('IssueDeadlineExtended', { dueOn: '2023-05-20', reason: 'x' }, '2023-05-11 09:00')];
    expect(fold(extended)).toMatchObject({ overdue: false, dueOn: '2023-05-20' });
    const stale = [...extended, i('IssueBecameOverdue', { dueOn: '2023-05-10' }, '2023-05-11 09:01')];
    expect(fold(stale)).toMatchObject({ overdue: false });
  });

  it('reopen after a dissatisfied rating: in progress again, rating cleared; withdraw is terminal', () => {
    const i = issueStream('i1');
    const row = fold([
      i('IssueCollected', collect, '2023-05-04 10:00'),
      i('IssueResolved', { resolution: 'x' }, '2023-05-04 12:00'),
      i('FeedbackGiven', { rating: 'dissatisfied', channel: 'callback' }, '2023-05-05 12:00'),
    ]);
    expect(row).toMatchObject({ state: 'resolved', rating: 'dissatisfied' });
    const j = issueStream('i1');
    const reopened = fold([
      j('IssueCollected', collect, '2023-05-04 10:00'),
      j('IssueResolved', { resolution: 'x' }, '2023-05-04 12:00'),
      j('FeedbackGiven', { rating: 'dissatisfied', channel: 'callback' }, '2023-05-05 12:00'),
      j('IssueReopened', { reason: 'r' }, '2023-05-05 13:00'),
      j('IssueWithdrawn', { reason: 'dup' }, '2023-05-06 13:00'),
    ]);
    expect(reopened).toMatchObject({ state: 'withdrawn', rating: null, resolvedAt: null });
  });
});
