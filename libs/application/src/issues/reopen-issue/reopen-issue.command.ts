import type { ReopenIssue } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new ReopenIssueCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class ReopenIssueCommand extends BanjieCommand<ReopenIssue['data']> {}
