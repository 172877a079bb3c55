import type { ChangeCampaignCategories } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new ChangeCampaignCategoriesCommand({ campaignId, categories }, meta?)` — answers `{ id, version }`. */
export class ChangeCampaignCategoriesCommand extends BanjieCommand<ChangeCampaignCategories['data']> {}
