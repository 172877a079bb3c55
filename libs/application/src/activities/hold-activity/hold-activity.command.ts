import type { HoldActivity } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new HoldActivityCommand({ activityId, campaignId, unitId, form, heldOn, enterpriseCodes, summary }, meta?)`. */
export class HoldActivityCommand extends BanjieCommand<HoldActivity['data']> {}
