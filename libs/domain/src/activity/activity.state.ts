import { assertNever } from '../shared/event';
import type { ActivityEvent, ActivityForm } from './activity.events';

export interface ActivityState {
  status: 'none' | 'held';
  activityId: string | null;
  campaignId: string | null;
  unitId: string | null;
  form: ActivityForm | null;
  heldOn: string | null;
  enterpriseCodes: string[];
}

export function initialActivityState(): ActivityState {
  return { status: 'none', activityId: null, campaignId: null, unitId: null, form: null, heldOn: null, enterpriseCodes: [] };
}

export function evolveActivity(state: ActivityState, event: ActivityEvent): ActivityState {
  switch (event.type) {
    case 'ActivityHeld': {
      const { activityId, campaignId, unitId, form, heldOn, enterpriseCodes } = event.data;
      return { status: 'held', activityId, campaignId, unitId, form, heldOn, enterpriseCodes: [...enterpriseCodes] };
    }
    default:
      return assertNever(event.type);
  }
}
