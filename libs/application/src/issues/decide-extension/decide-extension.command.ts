import type { DecideExtension } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new DecideExtensionCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class DecideExtensionCommand extends BanjieCommand<DecideExtension['data']> {}
