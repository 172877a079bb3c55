import { assembleReport, zeroCounts, type UnitCounts, type UnitInfo } from '@banjie/projections';
import { nationalRollUp, parseCells, sharedUnitIds } from './national-report';

/** A unit's counts: `collected` issues of which `resolved`, `onTime` of `withDue` on time, `satisfied` of `rated`. */
function counts(c: {
  visited: number;
  collected: number;
  resolved: number;
  withDue: number;
  onTime: number;
  rated: number;
  satisfied: number;
}): UnitCounts {
  return {
    ...zeroCounts(),
    enterprisesVisited: c.visited,
    activities: 1,
    activitiesByForm: { ...zeroCounts().activitiesByForm, door_to_door: 1 },
    issuesCollected: c.collected,
    issuesResolved: c.resolved,
    resolvedWithDue: c.withDue,
    onTimeResolved: c.onTime,
    rated: c.rated,
    satisfied: c.satisfied,
  };
}

const unit = (unitId: string, level: UnitInfo['level'], region: string, parentUnitId: string | null = null): UnitInfo => ({
  unitId,
  name: unitId,
  level,
  parentUnitId,
  region,
  retired: false,
});

/** Two provinces whose rates differ, so averaging rates and summing counts give different answers. */
const hubei = {
  units: [unit('hb-dept', 'department', '湖北'), unit('hb-city', 'prefecture', '湖北'), unit('hb-county', 'county', '湖北', 'hb-city')],
  counts: new Map([
    ['hb-dept', counts({ visited: 10, collected: 8, resolved: 8, withDue: 8, onTime: 7, rated: 8, satisfied: 8 })],
    ['hb-city', counts({ visited: 30, collected: 20, resolved: 15, withDue: 15, onTime: 12, rated: 10, satisfied: 9 })],
    ['hb-county', counts({ visited: 5, collected: 4, resolved: 1, withDue: 1, onTime: 1, rated: 1, satisfied: 1 })],
  ]),
};
const hunan = {
  units: [unit('hn-dept', 'department', '湖南'), unit('hn-city', 'prefecture', '湖南')],
  counts: new Map([
    ['hn-dept', counts({ visited: 2, collected: 2, resolved: 1, withDue: 1, onTime: 0, rated: 1, satisfied: 0 })],
    ['hn-city', counts({ visited: 100, collected: 90, resolved: 30, withDue: 20, onTime: 20, rated: 30, satisfied: 29 })],
  ]),
};

describe('the national roll-up of province cells', () => {
  const asOf = '2023-07-10';
  const a = assembleReport('c', asOf, null, hubei.units, hubei.counts);
  const b = assembleReport('c', asOf, null, hunan.units, hunan.counts);
  const one = assembleReport('c', asOf, null, [...hubei.units, ...hunan.units], new Map([...hubei.counts, ...hunan.counts]));
  const national = nationalRollUp([
    { cell: { name: 'hubei', url: 'postgres://h/hubei' }, report: a },
    { cell: { name: 'hunan', url: 'postgres://h/hunan' }, report: b },
  ]);

  it('sums counts by level and in total, then divides — exactly what one database holding both gives', () => {
    expect(national.groups).toEqual(one.groups);
    expect(national.total).toEqual(one.total);
    expect(national.total.completionRate).toBe((8 + 15 + 1 + 1 + 30) / (8 + 20 + 4 + 2 + 90));
    // …and not the average of the provinces' rates.
    expect(national.total.completionRate).not.toBeCloseTo((a.total.completionRate! + b.total.completionRate!) / 2, 3);
    // The on-time rate's denominator (resolved with a due date) is summed too, though no row shows it.
    expect(national.total.onTimeRate).toBe((7 + 12 + 1 + 0 + 20) / (8 + 15 + 1 + 1 + 20));
  });

  it('keeps every unit row, cell by cell, and says which cell it came from', () => {
    const strip = (rows: object[]) => rows.map(({ cell: _c, ...r }: any) => r).sort((x, y) => x.unitId.localeCompare(y.unitId));
    expect(strip(national.rows)).toEqual(strip(one.rows));
    expect(national.rows.map((r) => r.cell)).toEqual(['hubei', 'hubei', 'hubei', 'hunan', 'hunan']);
    expect(national.cells.map((c) => [c.name, c.target, c.units])).toEqual([
      ['hubei', 'h:5432/hubei', 3],
      ['hunan', 'h:5432/hunan', 2],
    ]);
  });

  it('refuses cells that answered for another campaign or date', () => {
    const other = assembleReport('c', '2023-07-11', null, hunan.units, hunan.counts);
    expect(() =>
      nationalRollUp([
        { cell: { name: 'hubei', url: 'postgres://h/a' }, report: a },
        { cell: { name: 'hunan', url: 'postgres://h/b' }, report: other },
      ]),
    ).toThrow(/hunan/);
  });

  it('names cells by name=url or by database, and flags unit ids shared by two cells', () => {
    expect(parseCells('hubei=postgres://u@h1:5433/banjie, postgres://u@h2/hunan_db')).toEqual([
      { name: 'hubei', url: 'postgres://u@h1:5433/banjie' },
      { name: 'hunan_db', url: 'postgres://u@h2/hunan_db' },
    ]);
    expect(() => parseCells('postgres://h/a,postgres://x/a')).toThrow(/two cells are named "a"/);
    expect(() => parseCells('hubei=http://h/a')).toThrow(/not postgres/);
    expect(() => parseCells(' , ')).toThrow(/at least one/);
    const twice = assembleReport('c', asOf, null, [unit('hb-city', 'prefecture', '湖南')], new Map());
    expect(
      sharedUnitIds([
        { cell: { name: 'hubei', url: '' }, report: a },
        { cell: { name: 'hunan', url: '' }, report: twice },
      ]),
    ).toEqual(['hb-city']);
  });
});
