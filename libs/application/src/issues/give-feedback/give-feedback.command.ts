import type { GiveFeedback } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new GiveFeedbackCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class GiveFeedbackCommand extends BanjieCommand<GiveFeedback['data']> {}
