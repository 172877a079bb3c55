import { creditCodeCheckChar, normalizeCreditCode, validateCreditCode } from './credit-code';

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(['91350100M000100Y43', '914403001922038216'])('%s is valid', (code) => {
    expect(validateCreditCode(code)).toBeNull();
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('a wrong check character is named', () => {
    expect(validateCreditCode('91350100M000100Y4Z')).toMatch(/not allowed|check character/);
    expect(validateCreditCode('91350100M000100Y44')).toBe('check character mismatch: expected 3, got 4');
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('the letter %s never appears', (letter) => {
    const code = `91350100M000100${letter}43`;
    expect(validateCreditCode(code)).toMatch(/not allowed/);
  });

  it.each(['', '91350100M000100Y4', '91350100M000100Y433'])('length %# ≠ 18 is refused', (code) => {
    expect(validateCreditCode(code)).toMatch(/18 characters/);
  });

  it('normalizes case and blanks before checking', () => {
    const code = normalizeCreditCode('  91350100m000100y43 ');
    expect(code).toBe('91350100M000100Y43');
    expect(validateCreditCode(code)).toBeNull();
    expect(validateCreditCode('91350100m000100y43')).toMatch(/not allowed/);
  });

  it('a check sum of 0 mod 31 gives the check character 0', () => {
    // find a prefix whose weighted sum is ≡ 0 (mod 31) by varying the last position
    const base = '9135010000000000';
    const char = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].find((c) => creditCodeCheckChar(base + c) === '0');
    expect(char).toBeDefined();
  });

  it('creditCodeCheckChar refuses foreign characters and wrong lengths', () => {
    expect(creditCodeCheckChar('91350100M000100I4')).toBeNull();
    expect(creditCodeCheckChar('123')).toBeNull();
  });
});
