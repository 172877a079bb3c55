import type { RecordProgress } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new RecordProgressCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class RecordProgressCommand extends BanjieCommand<RecordProgress['data']> {}
