import type { CloseSupervisionNotice } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new CloseSupervisionNoticeCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class CloseSupervisionNoticeCommand extends BanjieCommand<CloseSupervisionNotice['data']> {}
