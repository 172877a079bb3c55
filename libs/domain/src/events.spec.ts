import { asBanjieEvent, EVENT_CATALOGUE, EVENT_TYPES, EventSchemaError, schemaVersionOf, type BanjieEvent } from './events';
import { assertNever } from './shared/event';

const stored = (type: string, data: unknown, schemaVersion = 1, occurredAt = new Date('2023-06-25T01:02:03Z')) => ({
  eventId: 'e-1',
  streamId: 'issue-i1',
  type,
  schemaVersion,
  data,
  occurredAt,
  recordedAt: new Date('2023-06-25T01:02:04Z'),
});

/** What a consumer does with the union: an exhaustive switch (a missing case fails to compile). */
function describeEvent(e: BanjieEvent): string {
  switch (e.type) {
    case 'UnitRegistered':
    case 'UnitRenamed':
      return e.data.name;
    case 'UnitRetired':
    case 'EnterpriseRegistered':
    case 'CampaignLaunched':
    case 'CampaignClosed':
    case 'CampaignCategoriesChanged':
    case 'ActivityHeld':
    case 'IssueCollected':
    case 'IssueTransferred':
    case 'IssueProgressRecorded':
    case 'IssueResolved':
    case 'FeedbackGiven':
    case 'IssueReopened':
    case 'IssueWithdrawn':
    case 'IssueDeadlineExtensionRefused':
    case 'IssueWithdrawalRequested':
    case 'IssueWithdrawalRefused':
    case 'IssueResolutionSubmitted':
    case 'IssueResolutionReturned':
    case 'CalendarAdjusted':
    case 'SupervisionNoticeIssued':
    case 'SupervisionNoticeAnswered':
    case 'SupervisionNoticeClosed':
      return e.type;
    case 'IssueAccepted':
    case 'IssueDeadlineExtended':
    case 'IssueBecameOverdue':
      return e.data.dueOn;
    case 'IssueDeadlineExtensionRequested':
      return e.data.requestedDueOn;
    default:
      return assertNever(e);
  }
}

describe('typed events (asBanjieEvent)', () => {
  it('the catalogue lists every stored type once, with a current version', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(EVENT_TYPES).toHaveLength(28);
    for (const t of EVENT_TYPES) expect(schemaVersionOf(t)).toBe(EVENT_CATALOGUE[t].version);
  });

  it('gives the envelope back with type and data as the domain event of that type', () => {
    const e = asBanjieEvent(stored('IssueAccepted', { dueOn: '2023-06-30', handler: '张三' }));
    expect(e.type).toBe('IssueAccepted');
    expect(e.streamId).toBe('issue-i1'); // the rest of the envelope is kept
    if (e.type !== 'IssueAccepted') throw new Error('narrowing');
    expect(e.data.dueOn).toBe('2023-06-30');
    expect(describeEvent(e)).toBe('2023-06-30');
  });

  it('upcasts IssueBecameOverdue v1 (the watcher’s clock) to v2 (the start of the day after the due date, Beijing)', () => {
    const v1 = stored('IssueBecameOverdue', { dueOn: '2023-06-21' }, 1, new Date('2023-06-25T01:02:03Z'));
    const e = asBanjieEvent(v1);
    expect(e.schemaVersion).toBe(2);
    expect(e.occurredAt.toISOString()).toBe('2023-06-21T16:00:00.000Z'); // 2023-06-22 00:00 in Beijing
    expect(e.recordedAt).toBe(v1.recordedAt); // when the watcher noticed stays where it was
    expect(v1.occurredAt.toISOString()).toBe('2023-06-25T01:02:03.000Z'); // the stored event is not touched
    // a v2 event is read as stored
    const v2 = stored('IssueBecameOverdue', { dueOn: '2023-06-21' }, 2, new Date('2023-06-21T16:00:00Z'));
    expect(asBanjieEvent(v2).occurredAt).toBe(v2.occurredAt);
  });

  it('refuses what it cannot read: an unknown type, a newer version, a missing field', () => {
    expect(() => asBanjieEvent(stored('IssueTeleported', {}))).toThrow(EventSchemaError);
    expect(() => asBanjieEvent(stored('IssueAccepted', { dueOn: '2023-06-30' }, 9))).toThrow(/newer than this build/);
    expect(() => asBanjieEvent(stored('IssueAccepted', {}))).toThrow(/IssueAccepted: missing dueOn/);
    expect(() => asBanjieEvent(stored('IssueAccepted', null))).toThrow(/not an object/);
  });
});
