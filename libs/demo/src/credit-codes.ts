/**
 * Unified social credit codes for fictitious enterprises: structurally valid (GB 32100-2015:
 * 登记管理部门码 9 "工商", 机构类别码 1 "企业", the area's division code, a 9-character
 * organisation code with its own GB 11714 check, and the check character over the first 17).
 */
import { CREDIT_CODE_CHARSET, creditCodeCheckChar } from '@banjie/domain';
import type { Prng } from './prng';

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character of an 8-character organisation code body (digits, A=10 … Z=35). */
export function orgCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body[i];
    const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** A new valid code in `areaCode` (6 digits), different from every code in `taken` (which it joins). */
export function newCreditCode(prng: Prng, areaCode: string, taken: Set<string>): string {
  for (;;) {
    let body: string;
    if (prng.chance(0.7)) {
      // post-2015 registrations: MA + six characters
      body = 'MA';
      for (let i = 0; i < 6; i++) body += CREDIT_CODE_CHARSET[prng.int(0, CREDIT_CODE_CHARSET.length - 1)];
    } else {
      body = '';
      for (let i = 0; i < 8; i++) body += String(prng.int(0, 9));
    }
    const first17 = `91${areaCode}${body}${orgCodeCheckChar(body)}`;
    const check = creditCodeCheckChar(first17);
    if (!check) throw new Error(`not a credit code body: ${first17}`);
    const code = first17 + check;
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}
