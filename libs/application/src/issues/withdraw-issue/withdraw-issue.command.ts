import type { WithdrawIssue } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new WithdrawIssueCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class WithdrawIssueCommand extends BanjieCommand<WithdrawIssue['data']> {}
