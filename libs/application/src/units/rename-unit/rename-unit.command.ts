import type { RenameUnit } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new RenameUnitCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class RenameUnitCommand extends BanjieCommand<RenameUnit['data']> {}
