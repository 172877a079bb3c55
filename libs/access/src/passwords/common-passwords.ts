import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Very common passwords: the 49,000-entry list zxcvbn-ts ships (from leaked-password corpora),
 * plus the patterns Chinese users favour that it lacks. Compared lower-cased.
 */
const CHINESE_FAVOURITES = [
  'woaini1314',
  'woaini520',
  '5201314',
  '52013145201314',
  '1314520',
  'aini1314',
  'woaini123',
  'zhang123456',
  'wang123456',
  'li123456',
  'qq123456',
  'abc123456789',
  'abc12345678',
  'a1234567890',
  'qwer1234567',
  'admin123456',
  'admin@123',
  'admin@1234',
  'admin@12345',
  'admin@123456',
  'admin_123456',
  'qwe@123456',
  'p@ssw0rd',
  'p@ssw0rd123',
  'password@123',
  'passw0rd123',
  'banjie123',
  'banjie123456',
  'zhujian123',
  'zhujianju123',
];

let common: ReadonlySet<string> | null = null;

export function isCommonPassword(password: string): boolean {
  common ??= new Set([...(dictionary['passwords-common'] as string[]), ...CHINESE_FAVOURITES].map((p) => String(p).toLowerCase()));
  return common.has(password.toLowerCase());
}
