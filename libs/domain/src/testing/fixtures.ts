/** Shared test fixtures: actors, times, a launched campaign, units. Only *.spec.ts files import this. */
import { ChineseWorkingCalendar } from '../calendar/working-calendar';
import { DEFAULT_CAMPAIGN_SLA, DEFAULT_CAMPAIGN_TARGETS, DEFAULT_CAMPAIGN_THRESHOLDS } from '../campaign/campaign.defaults';
import { evolveCampaign, initialCampaignState, type CampaignState } from '../campaign/campaign.state';
import type { Actor, CommandContext } from '../shared/actor';
import { SYSTEM_ACTOR } from '../shared/actor';
import type { DomainEvent } from '../shared/event';
import { evolveUnit, initialUnitState, type UnitState } from '../unit/unit.state';
import type { UnitLevel } from '../unit/unit.events';

export const officerA: Actor = { userId: 'user-a', unitId: 'unit-a', role: 'officer' };
export const officerB: Actor = { userId: 'user-b', unitId: 'unit-b', role: 'officer' };
export const supervisor: Actor = { userId: 'user-s', unitId: 'unit-sup', role: 'supervisor' };
export const admin: Actor = { userId: 'user-admin', unitId: null, role: 'admin' };
export const system: Actor = SYSTEM_ACTOR;

/** A Beijing wall-clock time 'YYYY-MM-DD HH:mm' as an instant. */
export function bj(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}

/** A context whose occurredAt and now are both `local` (Beijing time) unless `now` is given. */
export function at(local: string, actor: Actor = system, now?: string): CommandContext {
  return { actor, occurredAt: bj(local), now: bj(now ?? local) };
}

/** A context whose caller claimed no business time: occurredAt stands in as now (`local`, Beijing time). */
export function unclaimed(local: string, actor: Actor = system): CommandContext {
  return { actor, occurredAt: bj(local), now: bj(local), occurredAtDefaulted: true };
}

/** An event as the store returns it: with its business time. */
export function ev<E extends DomainEvent>(type: E['type'], data: E['data'], local: string): E {
  return { type, data, occurredAt: bj(local) } as E;
}

export const VALID_CODE = '91350100M000100Y43';
export const OTHER_VALID_CODE = '914403001922038216';

export const campaign: CampaignState = evolveCampaign(initialCampaignState(), {
  type: 'CampaignLaunched',
  data: {
    campaignId: 'c-2023',
    title: '服务企业月',
    startsOn: '2023-05-01',
    endsOn: '2023-06-30',
    targets: { ...DEFAULT_CAMPAIGN_TARGETS },
    sla: { ...DEFAULT_CAMPAIGN_SLA },
    thresholds: { ...DEFAULT_CAMPAIGN_THRESHOLDS },
  },
  occurredAt: bj('2023-04-28 09:00'),
});

export const closedCampaign: CampaignState = evolveCampaign(campaign, {
  type: 'CampaignClosed',
  data: { campaignId: 'c-2023' },
  occurredAt: bj('2023-07-01 09:00'),
});

export function unit(unitId: string, level: UnitLevel = 'prefecture', retired = false, parentUnitId: string | null = null): UnitState {
  const registered = evolveUnit(initialUnitState(), {
    type: 'UnitRegistered',
    data: { unitId, name: `name of ${unitId}`, level, parentUnitId, region: '湖北' },
  });
  return retired ? evolveUnit(registered, { type: 'UnitRetired', data: { unitId } }) : registered;
}

export const units: Record<string, UnitState> = {
  'unit-a': unit('unit-a'),
  'unit-b': unit('unit-b'),
  'unit-old': unit('unit-old', 'prefecture', true),
};

export const calendar = new ChineseWorkingCalendar();
