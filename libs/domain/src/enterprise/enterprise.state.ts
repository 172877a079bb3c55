import { assertNever } from '../shared/event';
import type { EnterpriseEvent } from './enterprise.events';

export interface EnterpriseState {
  status: 'none' | 'registered';
  creditCode: string | null;
  name: string | null;
  region: string | null;
}

export function initialEnterpriseState(): EnterpriseState {
  return { status: 'none', creditCode: null, name: null, region: null };
}

export function evolveEnterprise(state: EnterpriseState, event: EnterpriseEvent): EnterpriseState {
  switch (event.type) {
    case 'EnterpriseRegistered':
      return { status: 'registered', ...event.data };
    default:
      return assertNever(event.type);
  }
}
