// The unified social credit code (统一社会信用代码, GB 32100-2015) checked as the user types:
// the same rule as libs/domain/src/enterprise/credit-code.ts (18 characters from a 31-character
// set without I, O, S, V, Z; the last is a check character over the first 17, weights 3^(i-1) mod 31).
// Kept in step with the domain by test/browser/workbench.browser-spec.ts, which runs both on the same codes.

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export const CREDIT_CODE_LENGTH = 18;

export function normalizeCreditCode(code) {
  return String(code ?? '')
    .trim()
    .toUpperCase();
}

/** The check character for the first 17 characters, or null if one is outside the charset. */
export function creditCodeCheckChar(first17) {
  if (first17.length !== CREDIT_CODE_LENGTH - 1) return null;
  let sum = 0;
  for (let i = 0; i < first17.length; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Where a (partly) typed code stands, for the hint under the input:
 * `{ state: 'empty' | 'partial' | 'invalid' | 'valid', code, message }`.
 * A wrong character is reported at once; a short code is only "partial" until it has 18.
 */
export function checkCreditCode(input) {
  const code = normalizeCreditCode(input);
  if (!code) return { state: 'empty', code, message: '' };
  const bad = [...code].find((c) => !CREDIT_CODE_CHARSET.includes(c));
  if (bad !== undefined) {
    const why = /[IOSVZ]/.test(bad) ? '（信用代码不使用 I、O、S、V、Z）' : '';
    return { state: 'invalid', code, message: `第 ${code.indexOf(bad) + 1} 位“${bad}”不是信用代码字符${why}` };
  }
  if (code.length < CREDIT_CODE_LENGTH)
    return { state: 'partial', code, message: `已输入 ${code.length} 位，还差 ${CREDIT_CODE_LENGTH - code.length} 位` };
  if (code.length > CREDIT_CODE_LENGTH) return { state: 'invalid', code, message: `信用代码为 18 位，已输入 ${code.length} 位` };
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code[17])
    return { state: 'invalid', code, message: `校验位不符：第 18 位应为“${expected}”，输入的是“${code[17]}”，请核对` };
  return { state: 'valid', code, message: '信用代码校验通过' };
}

/** Whether the text looks like the start of a code rather than a name (letters and digits only). */
export function looksLikeCode(text) {
  return /^[0-9A-Za-z]+$/.test(String(text ?? '').trim());
}
