/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
 * 31-character set (no I, O, S, V, Z); the last one is a check character over the first 17.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^(i-1) mod 31 for positions 1..17. */
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
export const CREDIT_CODE_LENGTH = 18;

export function normalizeCreditCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The check character for the first 17 characters, or null if one is outside the charset. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== CREDIT_CODE_LENGTH - 1) return null;
  let sum = 0;
  for (let i = 0; i < first17.length; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** Why the (normalized) code is not valid, or null when it is. */
export function validateCreditCode(code: string): string | null {
  if (code.length !== CREDIT_CODE_LENGTH) return `must be ${CREDIT_CODE_LENGTH} characters (got ${code.length})`;
  const bad = [...code].find((c) => !CREDIT_CODE_CHARSET.includes(c));
  if (bad !== undefined) return `character '${bad}' is not allowed (I, O, S, V, Z and lower case are never used)`;
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return `check character mismatch: expected ${expected}, got ${code[17]}`;
  return null;
}

export function isValidCreditCode(code: string): boolean {
  return validateCreditCode(code) === null;
}
