import type { RegisterUnit } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new RegisterUnitCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class RegisterUnitCommand extends BanjieCommand<RegisterUnit['data']> {}
