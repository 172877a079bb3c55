import type { TransferIssue } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new TransferIssueCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class TransferIssueCommand extends BanjieCommand<TransferIssue['data']> {}
