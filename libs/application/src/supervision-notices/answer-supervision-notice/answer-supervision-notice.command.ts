import type { AnswerSupervisionNotice } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new AnswerSupervisionNoticeCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class AnswerSupervisionNoticeCommand extends BanjieCommand<AnswerSupervisionNotice['data']> {}
