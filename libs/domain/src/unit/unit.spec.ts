import { deciderSpec } from '../testing/decider-spec';
import { admin, at, officerA, supervisor, system, unit } from '../testing/fixtures';
import { registerUnit, type RegisterUnit, type RegisterUnitRefs } from './register-unit';
import { renameUnit, type RenameUnit } from './rename-unit';
import { retireUnit, type RetireUnit } from './retire-unit';
import type { UnitEvent } from './unit.events';
import { evolveUnit, initialUnitState, type UnitState } from './unit.state';

type UnitCommand = RegisterUnit | RenameUnit | RetireUnit;
let refs: RegisterUnitRefs = {};
let openIssueIds: string[] = [];
beforeEach(() => (openIssueIds = []));
const spec = deciderSpec({
  initial: initialUnitState,
  evolve: evolveUnit,
  decide: (s: UnitState, c: UnitCommand, ctx) =>
    c.type === 'RegisterUnit'
      ? registerUnit(s, c, ctx, refs)
      : c.type === 'RenameUnit'
        ? renameUnit(s, c, ctx)
        : retireUnit(s, c, ctx, { openIssueIds }),
  context: () => at('2023-04-01 10:00', admin),
});

const register = (data: Partial<RegisterUnit['data']> = {}): RegisterUnit => ({
  type: 'RegisterUnit',
  data: { unitId: 'u-tm', name: '天门市住建局', level: 'prefecture', region: '天门市', ...data },
});
const rename = (name: string): RenameUnit => ({ type: 'RenameUnit', data: { unitId: 'u-tm', name } });
const retire: RetireUnit = { type: 'RetireUnit', data: { unitId: 'u-tm', reason: '机构改革' } };
const registered: UnitEvent = {
  type: 'UnitRegistered',
  data: { unitId: 'u-tm', name: '天门市住建局', level: 'prefecture', parentUnitId: null, region: '天门市' },
};
const retired: UnitEvent = { type: 'UnitRetired', data: { unitId: 'u-tm' } };

beforeEach(() => (refs = {}));

describe('register a unit', () => {
  it('an administrator (or the system) registers it', () => {
    spec.given([]).when(register()).then([registered]);
    spec.given([]).when(register(), at('2023-04-01 10:00', system)).then([registered]);
  });

  it.each([officerA, supervisor])('not %o', (actor) => {
    spec.given([]).when(register(), at('2023-04-01 10:00', actor)).thenThrows('UNIT.ADMIN_ONLY', 'forbidden');
  });

  it('only once', () => {
    spec.given([registered]).when(register()).thenThrows('UNIT.ALREADY_EXISTS');
  });

  it('a county sits under an active prefecture', () => {
    refs = { parent: unit('u-pref', 'prefecture') };
    spec
      .given([])
      .when(register({ level: 'county', parentUnitId: 'u-pref' }))
      .then([{ type: 'UnitRegistered', data: { ...registered.data, level: 'county', parentUnitId: 'u-pref' } as never }]);
    spec
      .given([])
      .when(register({ level: 'county' }))
      .thenThrows('UNIT.PARENT_REQUIRED', 'invalid');
    refs = { parent: unit('u-dept', 'department') };
    spec
      .given([])
      .when(register({ level: 'county', parentUnitId: 'u-dept' }))
      .thenThrows('UNIT.PARENT_LEVEL_INVALID');
    refs = { parent: unit('u-county', 'county', false, 'u-pref') };
    spec
      .given([])
      .when(register({ level: 'prefecture', parentUnitId: 'u-county' }))
      .thenThrows('UNIT.PARENT_LEVEL_INVALID');
    refs = { parent: unit('u-pref', 'prefecture', true) };
    spec
      .given([])
      .when(register({ level: 'county', parentUnitId: 'u-pref' }))
      .thenThrows('UNIT.RETIRED');
    refs = {};
    spec
      .given([])
      .when(register({ level: 'county', parentUnitId: 'u-nowhere' }))
      .thenThrows('UNIT.NOT_FOUND', 'not_found');
  });

  it('checks level, name and region', () => {
    spec
      .given([])
      .when(register({ level: 'province' as never }))
      .thenThrows('COMMON.VALUE_INVALID');
    spec
      .given([])
      .when(register({ name: ' ' }))
      .thenThrows('COMMON.TEXT_REQUIRED');
    spec
      .given([])
      .when(register({ name: 'x'.repeat(101) }))
      .thenThrows('COMMON.TEXT_TOO_LONG');
    spec
      .given([])
      .when(register({ region: '' }))
      .thenThrows('COMMON.TEXT_REQUIRED');
  });
});

describe('rename a unit', () => {
  it('to a new name', () => {
    spec
      .given([registered])
      .when(rename(' 天门市住房和城乡建设局 '))
      .then([{ type: 'UnitRenamed', data: { unitId: 'u-tm', name: '天门市住房和城乡建设局' } }]);
  });

  it('refuses the same name, an unknown or a retired unit, and non-administrators', () => {
    spec.given([registered]).when(rename('天门市住建局')).thenThrows('UNIT.NAME_UNCHANGED');
    spec.given([]).when(rename('x')).thenThrows('UNIT.NOT_FOUND');
    spec.given([registered, retired]).when(rename('x')).thenThrows('UNIT.RETIRED');
    spec.given([registered]).when(rename('x'), at('2023-04-01 10:00', officerA)).thenThrows('UNIT.ADMIN_ONLY');
  });
});

describe('retire a unit', () => {
  it('once, by an administrator', () => {
    spec
      .given([registered])
      .when(retire)
      .then([{ type: 'UnitRetired', data: { unitId: 'u-tm', reason: '机构改革' } }]);
    spec.given([registered, retired]).when(retire).thenThrows('UNIT.RETIRED');
    spec.given([]).when(retire).thenThrows('UNIT.NOT_FOUND');
    spec.given([registered]).when(retire, at('2023-04-01 10:00', supervisor)).thenThrows('UNIT.ADMIN_ONLY');
  });

  it('given the unit is responsible for open issues, when it is retired, then it is refused until they are transferred', () => {
    openIssueIds = ['issue-1', 'issue-2'];
    const error = spec.given([registered]).when(retire).thenThrows('UNIT.HAS_OPEN_ISSUES', 'rule');
    expect(error.message).toContain('2 open issue(s) (issue-1, issue-2)');
    expect(error.message).toContain('transfer them');
    openIssueIds = [];
    spec
      .given([registered])
      .when(retire)
      .then([{ type: 'UnitRetired', data: { unitId: 'u-tm', reason: '机构改革' } }]);
  });

  it('names at most ten of many open issues', () => {
    openIssueIds = Array.from({ length: 12 }, (_, i) => `i${i}`);
    const error = spec.given([registered]).when(retire).thenThrows('UNIT.HAS_OPEN_ISSUES');
    expect(error.message).toContain('12 open issue(s) (i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, …)');
  });

  it('a retired unit keeps its name and history', () => {
    const state = [registered, retired].reduce(evolveUnit, initialUnitState());
    expect(state).toMatchObject({ status: 'retired', name: '天门市住建局', level: 'prefecture' });
  });
});
