import type { RequestExtension } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new RequestExtensionCommand(data, meta?)` — dispatch through the CommandBus; answers `{ id, version }`. */
export class RequestExtensionCommand extends BanjieCommand<RequestExtension['data']> {}
