import type { LaunchCampaign } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new LaunchCampaignCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class LaunchCampaignCommand extends BanjieCommand<LaunchCampaign['data']> {}
