import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt } from '../shared/guards';
import { NAME_MAX_LENGTH, requireText } from '../shared/text';
import type { EnterpriseEvent } from './enterprise.events';
import { requireCreditCode } from './enterprise.rules';
import type { EnterpriseState } from './enterprise.state';

export type RegisterEnterprise = { type: 'RegisterEnterprise'; data: { creditCode: string; name: string; region: string } };

/**
 * Any signed-in role may register an enterprise (officers meet new ones in the field). The
 * handler loads the stream of the normalized code (`normalizeCreditCode`).
 */
export function registerEnterprise(state: EnterpriseState, command: RegisterEnterprise, ctx: CommandContext): EnterpriseEvent[] {
  checkOccurredAt(ctx, { state: state.status });
  const creditCode = requireCreditCode(command.data.creditCode, 'creditCode');
  if (state.status !== 'none') {
    throw new DomainError('ENTERPRISE.ALREADY_EXISTS', `enterprise ${creditCode} is already registered`, 'rule', state.status);
  }
  const data = {
    creditCode,
    name: requireText(command.data.name, 'name', NAME_MAX_LENGTH),
    region: requireText(command.data.region, 'region', NAME_MAX_LENGTH),
  };
  return [{ type: 'EnterpriseRegistered', data, occurredAt: ctx.occurredAt }];
}
