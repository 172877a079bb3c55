import type { ExtendDeadline } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new ExtendDeadlineCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class ExtendDeadlineCommand extends BanjieCommand<ExtendDeadline['data']> {}
