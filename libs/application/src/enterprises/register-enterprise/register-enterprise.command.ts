import type { RegisterEnterprise } from '@banjie/domain';
import { BanjieCommand } from '../../command-meta';

/** `new RegisterEnterpriseCommand({ creditCode, name, region }, meta?)`; the id is the normalized credit code. */
export class RegisterEnterpriseCommand extends BanjieCommand<RegisterEnterprise['data']> {}
