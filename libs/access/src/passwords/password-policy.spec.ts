import { passwordProblems } from './password-policy';
import { hashPassword, verifyPassword } from './password-hash';
import { generatedPassword } from '../nest/bootstrap-tokens';
import { normalizeAccount } from '../accounts/account-name';

const codes = (password: string, account?: string) => passwordProblems(password, { account }).map((p) => p.code);

describe('the password policy', () => {
  it('accepts a long password of two kinds of character that is not common and not the account', () => {
    expect(codes('河堤巡查2023年六月', 'zhangsan')).toEqual([]);
    expect(codes('tianmen-zhujian-7q', 'wangmin')).toEqual([]);
  });

  it('names every rule a password breaks, in Chinese', () => {
    expect(codes('tq7z')).toEqual(['PASSWORD.TOO_SHORT']);
    expect(codes('abcdefghijkl')).toEqual(['PASSWORD.TOO_SIMPLE']);
    expect(codes('1234567890')).toEqual(['PASSWORD.TOO_SIMPLE', 'PASSWORD.TOO_COMMON']);
    expect(codes('x'.repeat(100) + '1'.repeat(29))).toEqual(['PASSWORD.TOO_LONG']);
    expect(codes('zhangsan2023!', 'ZhangSan')).toEqual(['PASSWORD.CONTAINS_ACCOUNT']);
    expect(passwordProblems('tq7z')[0].message).toMatch(/至少 10 个字符/);
  });

  it('refuses very common passwords, the leaked lists and the Chinese favourites, in any case', () => {
    for (const p of ['password123', 'Password123', '1qaz2wsx3edc', 'woaini1314', 'Admin@123456', 'a123456789']) {
      expect(codes(p)).toContain('PASSWORD.TOO_COMMON');
    }
  });

  it('generated first-start passwords always pass', () => {
    for (let i = 0; i < 50; i++) expect(codes(generatedPassword(), 'admin')).toEqual([]);
  });
});

describe('password hashes', () => {
  it('are salted scrypt strings that verify the password and nothing else', async () => {
    const [a, b] = [await hashPassword('河堤巡查2023年六月'), await hashPassword('河堤巡查2023年六月')];
    expect(a).toMatch(/^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('河堤巡查2023年六月', a)).toBe(true);
    expect(await verifyPassword('河堤巡查2023年六月 ', a)).toBe(false);
    expect(await verifyPassword('河堤巡查2023年六月', 'sha256$whatever')).toBe(false);
  });
});

describe('account names', () => {
  it('are 3–64 letters, digits and . _ - @, lower-cased', () => {
    expect(normalizeAccount(' ZhangSan ')).toBe('zhangsan');
    expect(normalizeAccount('13800138000')).toBe('13800138000');
    expect(normalizeAccount('wang.min@jz.gov.cn')).toBe('wang.min@jz.gov.cn');
    for (const bad of ['ab', '-abc', 'zhang san', '张三', 'x'.repeat(65), 42]) expect(normalizeAccount(bad)).toBeNull();
  });
});
