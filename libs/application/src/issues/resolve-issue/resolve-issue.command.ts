import type { ResolveIssue } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new ResolveIssueCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class ResolveIssueCommand extends BanjieCommand<ResolveIssue['data']> {}
