import type { DomainEvent } from '../shared/event';

export const UNIT_LEVELS = ['department', 'prefecture', 'county'] as const;
/** 厅本级 department, 市州 prefecture, 县市区 county. */
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export type UnitRegistered = DomainEvent<
  'UnitRegistered',
  { unitId: string; name: string; level: UnitLevel; parentUnitId?: string | null; region: string }
>;
export type UnitRenamed = DomainEvent<'UnitRenamed', { unitId: string; name: string }>;
export type UnitRetired = DomainEvent<'UnitRetired', { unitId: string; reason?: string }>;

export type UnitEvent = UnitRegistered | UnitRenamed | UnitRetired;
export const unitStream = (unitId: string) => `unit-${unitId}`;
