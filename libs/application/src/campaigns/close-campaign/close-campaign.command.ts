import type { CloseCampaign } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new CloseCampaignCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class CloseCampaignCommand extends BanjieCommand<CloseCampaign['data']> {}
