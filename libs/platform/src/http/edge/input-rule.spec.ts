import { ProblemError } from '../problem';
import { checkJsonBody, checkRequestStrings, checkText, INPUT_LIMITS } from './input-rule';

const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemError);
    return (error as ProblemError).code;
  }
};

/** Nests `levels` arrays without recursion (the walker must not recurse either). */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return { reason: value };
}

describe('the edge input rule', () => {
  it('refuses NUL and unpaired surrogates anywhere in a string, and accepts paired ones', () => {
    expect(codeOf(() => checkText('a\u0000b', 'body.title', 100))).toBe('REQUEST.NUL_CHARACTER');
    expect(codeOf(() => checkText('x\ud800', 'body.title', 100))).toBe('REQUEST.UNPAIRED_SURROGATE');
    expect(codeOf(() => checkText('\udc00x', 'body.title', 100))).toBe('REQUEST.UNPAIRED_SURROGATE');
    expect(codeOf(() => checkText('满意 😀 𝓍', 'body.title', 100))).toBeNull();
    expect(codeOf(() => checkText('x'.repeat(101), 'body.title', 100))).toBe('REQUEST.TOO_LONG');
  });

  it('walks a body of any depth without recursion, refusing past 32 levels', () => {
    expect(codeOf(() => checkJsonBody(nested(INPUT_LIMITS.jsonDepth - 2)))).toBeNull();
    expect(codeOf(() => checkJsonBody(nested(INPUT_LIMITS.jsonDepth)))).toBe('REQUEST.TOO_DEEP');
    expect(codeOf(() => checkJsonBody(nested(200_000)))).toBe('REQUEST.TOO_DEEP');
  });

  it('checks keys and strings at every depth and names where', () => {
    try {
      checkJsonBody({ sla: { items: ['ok', 'bad\u0000'] } });
      throw new Error('not refused');
    } catch (error) {
      expect((error as ProblemError).extra.errors).toEqual([{ field: 'body.sla.items[1]', message: expect.stringContaining('NUL') }]);
    }
    expect(codeOf(() => checkJsonBody({ ['k\u0000']: 1 }))).toBe('REQUEST.NUL_CHARACTER');
    expect(codeOf(() => checkJsonBody({ list: new Array(INPUT_LIMITS.jsonValues).fill(0) }))).toBe('REQUEST.TOO_MANY_VALUES');
  });

  it('checks path parameters, query values and headers', () => {
    const ok = { params: { id: 'issue-1' }, query: { q: ['a', 'b'] }, headers: { accept: 'application/json' } };
    expect(codeOf(() => checkRequestStrings(ok))).toBeNull();
    expect(codeOf(() => checkRequestStrings({ ...ok, params: { id: '\u0000' } }))).toBe('REQUEST.NUL_CHARACTER');
    expect(codeOf(() => checkRequestStrings({ ...ok, query: { q: ['a', 'b\u0000'] } }))).toBe('REQUEST.NUL_CHARACTER');
    expect(codeOf(() => checkRequestStrings({ ...ok, query: { q: 'x'.repeat(1001) } }))).toBe('REQUEST.TOO_LONG');
    expect(codeOf(() => checkRequestStrings({ ...ok, headers: { 'x-note': 'x'.repeat(8193) } }))).toBe('REQUEST.TOO_LONG');
    expect(codeOf(() => checkRequestStrings({ ...ok, headers: { cookie: 'x'.repeat(9000) } }))).toBeNull();
  });
});
