import type { ReviewResolution } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new ReviewResolutionCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class ReviewResolutionCommand extends BanjieCommand<ReviewResolution['data']> {}
