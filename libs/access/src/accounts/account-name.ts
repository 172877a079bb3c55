/**
 * Account names people sign in with: 3–64 characters of letters, digits and . _ - @ (a staff
 * number, a phone number, pinyin, an e-mail address), starting with a letter or digit; compared
 * and stored lower-cased, so `ZhangSan` and `zhangsan` are one account.
 */
const ACCOUNT = /^[a-z0-9][a-z0-9._@-]{2,63}$/;

export function normalizeAccount(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const account = raw.trim().toLowerCase();
  return ACCOUNT.test(account) ? account : null;
}

export const ACCOUNT_RULE = '账号为 3–64 位字母、数字或 . _ - @，以字母或数字开头';
