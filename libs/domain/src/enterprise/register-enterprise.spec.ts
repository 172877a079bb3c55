import { deciderSpec } from '../testing/decider-spec';
import { at, officerA, VALID_CODE } from '../testing/fixtures';
import type { EnterpriseEvent } from './enterprise.events';
import { evolveEnterprise, initialEnterpriseState } from './enterprise.state';
import { registerEnterprise, type RegisterEnterprise } from './register-enterprise';

const spec = deciderSpec({
  initial: initialEnterpriseState,
  evolve: evolveEnterprise,
  decide: registerEnterprise,
  context: () => at('2023-05-10 10:00', officerA),
});
const register = (data: Partial<RegisterEnterprise['data']> = {}): RegisterEnterprise => ({
  type: 'RegisterEnterprise',
  data: { creditCode: VALID_CODE, name: '中源宏宇建设集团', region: '宜昌市', ...data },
});
const registered: EnterpriseEvent = {
  type: 'EnterpriseRegistered',
  data: { creditCode: VALID_CODE, name: '中源宏宇建设集团', region: '宜昌市' },
};

describe('register an enterprise', () => {
  it('with a valid credit code, normalized', () => {
    spec
      .given([])
      .when(register({ creditCode: ' 91350100m000100y43 ' }))
      .then([registered]);
  });

  it('once', () => {
    spec.given([registered]).when(register()).thenThrows('ENTERPRISE.ALREADY_EXISTS');
  });

  it.each(['91350100M000100Y4Z', '91350100M000100Y44', '91350100M000100O43', '12345'])('refuses the credit code %s', (creditCode) => {
    const error = spec.given([]).when(register({ creditCode })).thenThrows('ENTERPRISE.CREDIT_CODE_INVALID', 'invalid');
    expect(error.fields?.creditCode).toBeDefined();
  });

  it('needs a name and a region', () => {
    spec
      .given([])
      .when(register({ name: '' }))
      .thenThrows('COMMON.TEXT_REQUIRED');
    spec
      .given([])
      .when(register({ region: 'x'.repeat(101) }))
      .thenThrows('COMMON.TEXT_TOO_LONG');
  });
});
