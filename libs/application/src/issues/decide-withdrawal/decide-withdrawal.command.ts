import type { DecideWithdrawal } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new DecideWithdrawalCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class DecideWithdrawalCommand extends BanjieCommand<DecideWithdrawal['data']> {}
