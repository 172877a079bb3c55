import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DomainError } from '@banjie/domain';
import { ProblemFilter } from './problem.filter';
import { PROBLEM_MESSAGES_ZH, chineseFieldMessage, chineseMessage, prefersChinese } from './problem-messages';

beforeAll(() => Logger.overrideLogger(false));

const ROOT = join(__dirname, '..', '..', '..', '..');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'testing') continue;
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec|browser-spec)\.ts$/.test(name)) out.push(path);
  }
  return out;
}

/** Every stable code the source raises: a quoted `AREA.WHAT` string (the codes' one shape). */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  for (const file of [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs'))]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'([A-Z][A-Z_]*\.[A-Z][A-Z_]*)'/g)) codes.add(m[1]);
  }
  return codes;
}

function problemFor(exception: unknown, acceptLanguage?: string) {
  let body = '';
  const reply = { status: () => undefined, header: () => undefined, send: (b: string) => (body = b) };
  const headers = acceptLanguage ? { 'accept-language': acceptLanguage } : {};
  const host = { switchToHttp: () => ({ getRequest: () => ({ url: '/x', headers }), getResponse: () => reply }) };
  new ProblemFilter().catch(exception, host as never);
  return JSON.parse(body);
}

describe('the Chinese error catalogue', () => {
  it('has a Chinese sentence for every code the source raises', () => {
    const missing = [...codesInSource()].filter((code) => !(code in PROBLEM_MESSAGES_ZH)).sort();
    expect(missing).toEqual([]);
    for (const text of Object.values(PROBLEM_MESSAGES_ZH)) expect(text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers the detail in Chinese when the client prefers Chinese, in English otherwise', () => {
    const error = new DomainError(
      'CAMPAIGN.OUTSIDE_PERIOD',
      'an activity held on 2023-08-01 is outside the campaign (2023-05-01–2023-06-30)',
    );
    expect(problemFor(error, 'zh-CN,zh;q=0.9,en;q=0.8')).toMatchObject({
      code: 'CAMPAIGN.OUTSIDE_PERIOD',
      detail: '发生日期不在活动期间内。',
    });
    expect(problemFor(error, 'en-US,en;q=0.9').detail).toContain('outside the campaign');
    expect(problemFor(error).detail).toContain('outside the campaign');
  });

  it('says per-field messages in Chinese too, keeping those already in Chinese', () => {
    const error = new DomainError('COMMON.TEXT_REQUIRED', 'title is required', 'invalid', undefined, { title: 'must not be blank' });
    expect(problemFor(error, 'zh-CN').errors).toEqual([{ field: 'title', message: '必填。' }]);
    expect(problemFor(error, 'en').errors).toEqual([{ field: 'title', message: 'must not be blank' }]);
    expect(chineseFieldMessage('title must be shorter than or equal to 200 characters')).toBe('不能超过 200 个字符。');
    expect(chineseFieldMessage('dueOn must be a date YYYY-MM-DD')).toBe('日期格式不正确（年-月-日）。');
    expect(chineseFieldMessage('第 3 位不是信用代码字符')).toBe('第 3 位不是信用代码字符');
    expect(chineseFieldMessage('something odd')).toBe('格式不正确。');
  });

  it('falls back to the status for a code it does not know', () => {
    expect(chineseMessage('HTTP.404', 404)).toBe('请求的内容不存在。');
    expect(chineseMessage('SOMETHING.NEW', 422)).toBe('不符合办理规则。');
    expect(chineseMessage('SOMETHING.NEW', 502)).toMatch(/系统出错/);
  });

  it('reads Accept-Language by weight', () => {
    expect(prefersChinese('zh-CN')).toBe(true);
    expect(prefersChinese('zh-Hans-CN;q=0.9, en;q=0.5')).toBe(true);
    expect(prefersChinese('en;q=0.4, zh;q=0.8')).toBe(true);
    expect(prefersChinese('en-GB, zh-CN;q=0.9')).toBe(false);
    expect(prefersChinese('zhx')).toBe(false);
    expect(prefersChinese(undefined)).toBe(false);
  });
});
