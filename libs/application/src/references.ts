import { Injectable } from '@nestjs/common';
import { normalizeCreditCode, type IssueState } from '@banjie/domain';
import { AggregateRepository } from './aggregate-repository';
import { EnterpriseAggregate, IssueAggregate } from './aggregates';

/** Cross-aggregate look-ups the handlers share (several streams at once). */
@Injectable()
export class References {
  constructor(private readonly repository: AggregateRepository) {}

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
}
