import { isCommonPassword } from './common-passwords';

/**
 * THE PASSWORD POLICY (docs/access.md "Passwords"), for every password a person or an
 * administrator sets:
 * - 10 to 128 characters;
 * - at least two kinds of character among letters, digits and others (symbols, spaces, 汉字) —
 *   the complexity the 等保 2.0 baseline asks of passwords;
 * - not containing the account name (when it is 3 characters or more);
 * - not one of ~49,000 very common passwords (leaked-password lists, plus woaini1314 and friends).
 * No forced periodic change; a password an administrator set must be changed at the next sign-in.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordProblem {
  code: 'PASSWORD.TOO_SHORT' | 'PASSWORD.TOO_LONG' | 'PASSWORD.TOO_SIMPLE' | 'PASSWORD.CONTAINS_ACCOUNT' | 'PASSWORD.TOO_COMMON';
  /** Chinese, for the pages. */
  message: string;
}

export function passwordProblems(password: string, context: { account?: string | null } = {}): PasswordProblem[] {
  const out: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) out.push({ code: 'PASSWORD.TOO_SHORT', message: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符` });
  if (length > PASSWORD_MAX_LENGTH) out.push({ code: 'PASSWORD.TOO_LONG', message: `密码最多 ${PASSWORD_MAX_LENGTH} 个字符` });
  const letters = /[A-Za-z]/.test(password);
  const digits = /\p{Nd}/u.test(password);
  const others = /[^A-Za-z\p{Nd}]/u.test(password);
  if ([letters, digits, others].filter(Boolean).length < 2) {
    out.push({ code: 'PASSWORD.TOO_SIMPLE', message: '密码须包含字母、数字、其他字符中的至少两类' });
  }
  const account = context.account?.trim().toLowerCase();
  if (account && account.length >= 3 && password.toLowerCase().includes(account)) {
    out.push({ code: 'PASSWORD.CONTAINS_ACCOUNT', message: '密码不能包含账号名' });
  }
  if (isCommonPassword(password)) out.push({ code: 'PASSWORD.TOO_COMMON', message: '密码过于常见，容易被猜中' });
  return out;
}
