import type { RecordOverdue } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new RecordOverdueCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class RecordOverdueCommand extends BanjieCommand<RecordOverdue['data']> {}
