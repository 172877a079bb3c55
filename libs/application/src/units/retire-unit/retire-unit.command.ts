import type { RetireUnit } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new RetireUnitCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class RetireUnitCommand extends BanjieCommand<RetireUnit['data']> {}
