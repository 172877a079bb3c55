import { assertNever } from '../shared/event';
import type { UnitEvent, UnitLevel } from './unit.events';

export type UnitStatus = 'none' | 'active' | 'retired';

export interface UnitState {
  status: UnitStatus;
  unitId: string | null;
  name: string | null;
  level: UnitLevel | null;
  parentUnitId: string | null;
  region: string | null;
}

export function initialUnitState(): UnitState {
  return { status: 'none', unitId: null, name: null, level: null, parentUnitId: null, region: null };
}

export function evolveUnit(state: UnitState, event: UnitEvent): UnitState {
  switch (event.type) {
    case 'UnitRegistered': {
      const { unitId, name, level, parentUnitId, region } = event.data;
      return { status: 'active', unitId, name, level, parentUnitId: parentUnitId ?? null, region };
    }
    case 'UnitRenamed':
      return { ...state, name: event.data.name };
    case 'UnitRetired':
      return { ...state, status: 'retired' };
    default:
      return assertNever(event);
  }
}
