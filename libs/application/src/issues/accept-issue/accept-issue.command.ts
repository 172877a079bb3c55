import type { AcceptIssue } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new AcceptIssueCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class AcceptIssueCommand extends BanjieCommand<AcceptIssue['data']> {}
