import { EventSchemaError, overdueMoment } from '@banjie/domain';
import type { FoldEvent } from '@banjie/event-store';
import { toDomainEvent } from './aggregate-repository';
import { IssueAggregate, UnitAggregate } from './aggregates';

const stored = (type: string, schemaVersion: number, data: Record<string, unknown>, occurredAt: string): FoldEvent => ({
  streamVersion: 1,
  type,
  schemaVersion,
  data,
  occurredAt: new Date(occurredAt),
  hash: 'h',
});

describe('toDomainEvent: the write side reads a stream as the read side does', () => {
  it('upcasts an old shape before a command decides on it (IssueBecameOverdue v1 dated by the watcher)', () => {
    const event = toDomainEvent(IssueAggregate, stored('IssueBecameOverdue', 1, { dueOn: '2023-06-30' }, '2026-12-02T08:13:28Z'));
    expect(event.type).toBe('IssueBecameOverdue');
    expect(event.occurredAt).toEqual(overdueMoment('2023-06-30'));
  });

  it('keeps a current event as stored', () => {
    const event = toDomainEvent(UnitAggregate, stored('UnitRenamed', 1, { unitId: 'u1', name: '枝江市' }, '2023-05-06T03:56:00Z'));
    expect(event).toMatchObject({ type: 'UnitRenamed', data: { unitId: 'u1', name: '枝江市' } });
  });

  it('refuses an event of another aggregate instead of casting it', () => {
    expect(() => toDomainEvent(UnitAggregate, stored('IssueReopened', 1, {}, '2023-05-06T03:56:00Z'))).toThrow(EventSchemaError);
  });

  it('refuses an event missing a required field', () => {
    expect(() => toDomainEvent(UnitAggregate, stored('UnitRenamed', 1, { unitId: 'u1' }, '2023-05-06T03:56:00Z'))).toThrow(/missing name/);
  });
});
