import { Inject, Injectable } from '@nestjs/common';
import { isOpen, normalizeCreditCode, type IssueState } from '@banjie/domain';
import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import { AggregateRepository } from './aggregate-repository';
import { EnterpriseAggregate, IssueAggregate } from './aggregates';

/** Cross-aggregate look-ups the handlers share (several streams at once). */
@Injectable()
export class References {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Which of the given credit codes (normalized) are registered enterprises. */
  async registeredEnterprises(codes: unknown): Promise<Set<string>> {
    const wanted = [
      ...new Set((Array.isArray(codes) ? codes : []).filter((c): c is string => typeof c === 'string').map(normalizeCreditCode)),
    ];
    const found = await Promise.all(wanted.map(async (code) => ((await this.repository.find(EnterpriseAggregate, code)) ? code : null)));
    return new Set(found.filter((c): c is string => c !== null));
  }

  /** The states of the named issues that exist. */
  async issues(ids: unknown): Promise<Map<string, IssueState>> {
    const wanted = [...new Set((Array.isArray(ids) ? ids : []).filter((id): id is string => typeof id === 'string'))];
    const states = await Promise.all(wanted.map(async (id) => [id, await this.repository.find(IssueAggregate, id)] as const));
    return new Map(states.filter((e): e is readonly [string, IssueState] => e[1] !== null));
  }

  /**
   * Open issues (pending or in progress) `unitId` is responsible for now. A shortlist from the
   * events that move responsibility and openness (read through the store's port: retiring a unit
   * is rare, and no read model's lag can hide an issue), each confirmed on its own stream.
   */
  async openIssuesOf(unitId: string): Promise<string[]> {
    const lifecycle = ['IssueCollected', 'IssueTransferred', 'IssueResolved', 'IssueReopened', 'IssueWithdrawn'];
    const issues = new Map<string, { unitId: string; open: boolean }>();
    for await (const batch of this.store.readAll({ types: lifecycle, streamPrefix: 'issue-', batchSize: 5000 })) {
      for (const e of batch) {
        const id = e.streamId.slice('issue-'.length);
        const known = issues.get(id) ?? { unitId: String(e.data.unitId ?? ''), open: true };
        if (e.type === 'IssueTransferred') known.unitId = String(e.data.toUnitId);
        known.open = e.type !== 'IssueResolved' && e.type !== 'IssueWithdrawn';
        issues.set(id, known);
      }
    }
    const candidates = [...issues].filter(([, i]) => i.open && i.unitId === unitId).map(([id]) => id);
    const states = await this.issues(candidates);
    return candidates.filter((id) => {
      const state = states.get(id);
      return state !== undefined && isOpen(state) && state.responsibleUnitId === unitId;
    });
  }
}
