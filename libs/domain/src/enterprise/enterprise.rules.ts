import { DomainError } from '../shared/domain-error';
import { normalizeCreditCode, validateCreditCode } from './credit-code';

/** A normalized, valid credit code, or ENTERPRISE.CREDIT_CODE_INVALID naming the field. */
export function requireCreditCode(value: unknown, field: string): string {
  const code = typeof value === 'string' ? normalizeCreditCode(value) : '';
  const reason = code ? validateCreditCode(code) : 'is required';
  if (reason) {
    throw new DomainError(
      'ENTERPRISE.CREDIT_CODE_INVALID',
      `${field} ${code} is not a valid unified social credit code: ${reason}`,
      'invalid',
      undefined,
      {
        [field]: reason,
      },
    );
  }
  return code;
}

export function enterpriseNotFound(creditCodes: string[], field: string): DomainError {
  return new DomainError(
    'ENTERPRISE.NOT_FOUND',
    `enterprise ${creditCodes.join(', ')} is not registered; register it first`,
    'not_found',
    undefined,
    { [field]: `not registered: ${creditCodes.join(', ')}` },
  );
}
