import { authorize, inScope, readScope, type TargetUnits } from './authorize';
import type { Principal } from './principal';
import { ROUTE_POLICY, ruleFor } from './route-policy';
import { UnitTree } from './unit-tree';

// 厅本级 division D; prefecture P with counties C1, C2; another prefecture Q.
const tree = new UnitTree([
  { unitId: 'D', parentUnitId: null },
  { unitId: 'P', parentUnitId: null },
  { unitId: 'C1', parentUnitId: 'P' },
  { unitId: 'C2', parentUnitId: 'P' },
  { unitId: 'Q', parentUnitId: null },
]);
const officerP: Principal = { userId: 'o', unitId: 'P', role: 'officer' };
const officerC1: Principal = { userId: 'c', unitId: 'C1', role: 'officer' };
const supervisor: Principal = { userId: 's', unitId: null, role: 'supervisor' };
const admin: Principal = { userId: 'a', unitId: null, role: 'admin' };
const issueOf = (unit: string, collecting = unit): TargetUnits => ({ kind: 'issue', read: [unit, collecting], write: unit });
const rule = (key: string) => {
  const [method, path] = key.split(' ');
  const r = ruleFor(method, path);
  if (!r) throw new Error(`no rule for ${key}`);
  return r;
};

describe('unit tree', () => {
  it('knows what lies at or below a unit, and survives a cycle', () => {
    expect(tree.isAtOrBelow('C1', 'P')).toBe(true);
    expect(tree.isAtOrBelow('P', 'P')).toBe(true);
    expect(tree.isAtOrBelow('P', 'C1')).toBe(false);
    expect(tree.isAtOrBelow('Q', 'P')).toBe(false);
    expect(tree.subtree('P').sort()).toEqual(['C1', 'C2', 'P']);
    const loop = new UnitTree([
      { unitId: 'x', parentUnitId: 'y' },
      { unitId: 'y', parentUnitId: 'x' },
    ]);
    expect(loop.isAtOrBelow('x', 'z')).toBe(false);
    expect(loop.subtree('x').sort()).toEqual(['x', 'y']);
  });
});

describe('authorize', () => {
  it('public routes need nobody; others need a principal (401)', () => {
    expect(authorize(rule('GET /health'), null, null, tree)).toEqual({ allow: true });
    expect(authorize(rule('GET /feedback/:token'), null, null, tree)).toEqual({ allow: true });
    expect(authorize(rule('GET /issues'), null, null, tree)).toMatchObject({ allow: false, status: 401 });
  });

  it('an officer writes only on issues their own unit is responsible for', () => {
    const resolve = rule('POST /issues/:id/resolve');
    expect(authorize(resolve, officerP, issueOf('P'), tree).allow).toBe(true);
    // the child unit's issue: visible read-only → 403
    expect(authorize(resolve, officerP, issueOf('C1'), tree)).toMatchObject({ allow: false, status: 403, code: 'ACCESS.UNIT_FORBIDDEN' });
    // another prefecture's issue: invisible → 404 like a missing id
    expect(authorize(resolve, officerP, issueOf('Q'), tree)).toMatchObject({ allow: false, status: 404, code: 'ISSUE.NOT_FOUND' });
    expect(authorize(resolve, officerP, 'missing', tree)).toMatchObject({ allow: false, status: 404, code: 'ISSUE.NOT_FOUND' });
    // a county officer sees nothing of its parent
    expect(authorize(rule('GET /issues/:id'), officerC1, issueOf('P'), tree)).toMatchObject({ status: 404 });
  });

  it('an officer reads their unit and the units below it', () => {
    const read = rule('GET /issues/:id');
    expect(authorize(read, officerP, issueOf('P'), tree).allow).toBe(true);
    expect(authorize(read, officerP, issueOf('C2'), tree).allow).toBe(true);
    expect(authorize(read, officerP, issueOf('Q'), tree)).toMatchObject({ status: 404 });
    // an issue transferred away from P stays readable by P (it collected it), not writable
    expect(authorize(read, officerP, issueOf('Q', 'P'), tree).allow).toBe(true);
    expect(authorize(rule('POST /issues/:id/progress'), officerP, issueOf('Q', 'P'), tree)).toMatchObject({ status: 403 });
  });

  it('a unit named in a query or body: out of scope → 403 (units are visible to everyone)', () => {
    const list = rule('GET /issues');
    const unit = (u: string): TargetUnits => ({ kind: 'unit', read: [u], write: u });
    expect(authorize(list, officerP, unit('C1'), tree).allow).toBe(true);
    expect(authorize(list, officerP, unit('Q'), tree)).toMatchObject({ status: 403, code: 'ACCESS.UNIT_OUT_OF_SCOPE' });
    expect(authorize(list, officerP, null, tree).allow).toBe(true); // the handler narrows the rows
    const collect = rule('POST /issues');
    expect(authorize(collect, officerP, unit('P'), tree).allow).toBe(true);
    expect(authorize(collect, officerP, unit('C1'), tree)).toMatchObject({ status: 403, code: 'ACCESS.UNIT_FORBIDDEN' });
  });

  it('the supervision office reads all, extends, reopens, transfers; never resolves or rates', () => {
    expect(authorize(rule('GET /issues/:id'), supervisor, null, tree).allow).toBe(true);
    expect(authorize(rule('POST /issues/:id/extend-deadline'), supervisor, null, tree).allow).toBe(true);
    expect(authorize(rule('POST /issues/:id/reopen'), supervisor, null, tree).allow).toBe(true);
    expect(authorize(rule('POST /issues/:id/resolve'), supervisor, null, tree)).toMatchObject({
      status: 403,
      code: 'ACCESS.ROLE_FORBIDDEN',
    });
    expect(authorize(rule('POST /issues/:id/feedback'), supervisor, null, tree)).toMatchObject({ status: 403 });
    expect(authorize(rule('POST /issues/:id/extend-deadline'), officerP, issueOf('P'), tree)).toMatchObject({ status: 403 });
  });

  it('an administrator manages units, users, campaigns, calendars and does no issue work', () => {
    for (const key of ['POST /units', 'POST /campaigns', 'POST /users', 'POST /users/:id/tokens', 'POST /calendar'])
      expect(authorize(rule(key), admin, null, tree).allow).toBe(true);
    for (const key of ['GET /issues', 'POST /issues', 'POST /issues/:id/accept', 'GET /audit', 'GET /campaigns/:id/report'])
      expect(authorize(rule(key), admin, null, tree)).toMatchObject({ status: 403 });
    expect(authorize(rule('POST /units'), supervisor, null, tree)).toMatchObject({ status: 403 });
  });

  it('the system actor (trust-headers mode) passes every gate', () => {
    expect(authorize(rule('POST /issues/:id/resolve'), { userId: 'system', unitId: null, role: 'system' }, issueOf('Q'), tree).allow).toBe(
      true,
    );
  });
});

describe('read scope', () => {
  it('officer: own unit and below; supervisor: all; admin: nothing', () => {
    const s = readScope(officerP, tree);
    expect(inScope(s, 'C2')).toBe(true);
    expect(inScope(s, 'Q')).toBe(false);
    expect(readScope(supervisor, tree)).toEqual({ all: true });
    expect(readScope(admin, tree)).toEqual({ all: false, unitIds: [] });
  });
});

describe('route policy table', () => {
  it('matches route patterns, HEAD-free, with /* prefixes', () => {
    expect(ruleFor('GET', '/health/ready')).toBe(ROUTE_POLICY['GET /health/*']);
    expect(ruleFor('GET', '/assets/js/app.js')).toBe(ROUTE_POLICY['GET /assets/*']);
    expect(ruleFor('GET', '/issues/')).toBe(ROUTE_POLICY['GET /issues']);
    expect(ruleFor('DELETE', '/issues/:id')).toBeUndefined();
  });

  it('never lets a write to an issue reach an officer without a unit check', () => {
    for (const [key, r] of Object.entries(ROUTE_POLICY)) {
      if (r.public || !r.roles?.includes('officer')) continue;
      if (/\/issues\/:id\//.test(key) && key.startsWith('POST')) expect({ key, officer: r.officer }).toEqual({ key, officer: 'write' });
      if (r.scopedList) expect({ key, from: r.target?.from }).toEqual({ key, from: 'query' });
    }
  });
});
