/**
 * The handling units of the demo and, for each, what it had done by 2023-07-10: the plan the
 * generator realises. The group sums are the circular's table (see circular.ts); the split
 * over units is ours, except for the units the circular names.
 *
 * Unit list (docs/demo.md explains it): the circular's "41个市州住建系统单位" are the
 * prefecture-level units of its address line — the 住(城)建局 of the 17 prefecture-level areas
 * (13 cities/州, the 3 直管市 and 神农架林区), the 城管 units of all of them but 神农架林区 (16),
 * and the 8 units the address line names separately. County bureaus (洪湖, 石首 under 荆州;
 * 枝江 under 宜昌) are extra rows of the 市州 group, not part of the 41.
 */
import type { UnitLevel } from '@banjie/domain';

/** What a unit does, which decides the enterprises it meets and the issues they raise. */
export type UnitKind =
  | 'division' // a division (处室) or directly affiliated unit of the department
  | 'housing' // 住(城)建局
  | 'urban' // 城管委 / 城管执法局
  | 'property' // 房管局
  | 'garden' // 园林局
  | 'water' // 水务局, 水利和湖泊局
  | 'security' // 住保中心
  | 'forestry'; // 林业中心

export interface DemoUnitPlan {
  /** Stable key; the unit's id is derived from it. */
  key: string;
  name: string;
  level: UnitLevel;
  parentKey?: string;
  /** The area it serves, e.g. 武汉市 (the department: 湖北省). */
  region: string;
  kind: UnitKind;
  /** Whether the circular names the unit (the others are named plausibly). */
  namedInCircular: boolean;
  /** As of 2023-07-10: distinct enterprises reached, activities held, issues collected, issues resolved. */
  enterprises: number;
  activities: number;
  issues: number;
  resolved: number;
  /** Division topics (department units only): the issue categories it handles. */
  topics?: readonly string[];
}

/** The administrative division codes (GB/T 2260) that open the enterprises' credit codes. */
export const AREA_CODES: Readonly<Record<string, string>> = {
  湖北省: '420000',
  武汉市: '420100',
  黄石市: '420200',
  十堰市: '420300',
  宜昌市: '420500',
  襄阳市: '420600',
  鄂州市: '420700',
  荆门市: '420800',
  孝感市: '420900',
  荆州市: '421000',
  黄冈市: '421100',
  咸宁市: '421200',
  随州市: '421300',
  恩施州: '422800',
  仙桃市: '429004',
  潜江市: '429005',
  天门市: '429006',
  神农架林区: '429021',
  枝江市: '420583',
  石首市: '421081',
  洪湖市: '421083',
};

type Row = [key: string, name: string, region: string, kind: UnitKind, named: boolean, e: number, a: number, i: number, r: number];

const d = (key: string, name: string, named: boolean, e: number, a: number, i: number, r: number, topics: string[]): DemoUnitPlan => ({
  key,
  name,
  level: 'department',
  region: '湖北省',
  kind: 'division',
  namedInCircular: named,
  enterprises: e,
  activities: a,
  issues: i,
  resolved: r,
  topics,
});

/** 厅本级: 274 enterprises, 263 activities, 245 issues, 215 resolved (30 still open). */
export const DEPARTMENT_UNITS: readonly DemoUnitPlan[] = [
  d('dept-market', '建筑市场监管处', false, 48, 44, 46, 40, ['资质', '工程款', '招投标', '融资']),
  d('dept-safety', '工程质量安全监管处', false, 30, 30, 26, 24, ['质量安全', '资质', '政策咨询']),
  d('dept-approval', '行政审批办公室', false, 26, 24, 30, 25, ['审批', '资质']),
  d('dept-urban-construction', '城市建设处', false, 20, 20, 18, 16, ['市政设施', '用水报装', '燃气安全']),
  d('dept-urban-management', '城市管理处', false, 18, 18, 14, 12, ['燃气安全', '市容管理']),
  d('dept-real-estate', '房地产市场监管处', false, 24, 22, 22, 19, ['房地产', '融资', '政策咨询']),
  d('dept-housing-security', '住房保障处', false, 14, 14, 10, 9, ['住房保障', '政策咨询']),
  d('dept-provident-fund', '住房公积金监管处', false, 10, 10, 8, 7, ['公积金', '政策咨询']),
  d('dept-village', '村镇建设处', false, 14, 14, 10, 9, ['审批', '政策咨询', '人才职称']),
  d('dept-standards', '标准定额处', false, 16, 14, 14, 12, ['工程款', '政策咨询']),
  d('dept-technology', '建筑节能与科技处', false, 16, 15, 12, 11, ['政策咨询', '资质', '人才职称']),
  d('dept-legal', '政策法规处', false, 12, 12, 10, 9, ['政策咨询', '司法维权']),
  d('dept-construction-center', '省建筑事业中心', true, 26, 26, 25, 22, ['资质', '人才职称', '工程款', '政策咨询']),
];

const ROWS: Row[] = [
  // 17 住(城)建局
  ['wh-cjj', '武汉市城建局', '武汉市', 'housing', true, 230, 246, 205, 186],
  ['hs-zjj', '黄石市住建局', '黄石市', 'housing', true, 218, 205, 12, 11],
  ['sy-zjj', '十堰市住建局', '十堰市', 'housing', true, 140, 148, 128, 115],
  ['yc-zjj', '宜昌市住建局', '宜昌市', 'housing', true, 160, 166, 146, 131],
  ['xy-zjj', '襄阳市住建局', '襄阳市', 'housing', false, 150, 154, 136, 121],
  ['ez-zjj', '鄂州市住建局', '鄂州市', 'housing', true, 70, 76, 52, 47],
  ['jm-zjj', '荆门市住建局', '荆门市', 'housing', false, 100, 106, 72, 64],
  ['xg-zjj', '孝感市住建局', '孝感市', 'housing', true, 101, 94, 88, 73],
  ['jz-zjj', '荆州市住建局', '荆州市', 'housing', true, 120, 128, 88, 78],
  ['hg-zjj', '黄冈市住建局', '黄冈市', 'housing', true, 110, 118, 34, 29],
  ['xn-zjj', '咸宁市住建局', '咸宁市', 'housing', false, 84, 90, 60, 53],
  ['sz-zjj', '随州市住建局', '随州市', 'housing', false, 70, 76, 50, 44],
  ['es-zjj', '恩施州住建局', '恩施州', 'housing', false, 90, 96, 62, 55],
  ['xt-zjj', '仙桃市住建局', '仙桃市', 'housing', false, 50, 54, 36, 32],
  ['qj-zjj', '潜江市住建局', '潜江市', 'housing', false, 50, 54, 36, 32],
  ['tm-zjj', '天门市住建局', '天门市', 'housing', true, 59, 1, 3, 2],
  ['snj-zjj', '神农架林区住建局', '神农架林区', 'housing', true, 24, 26, 16, 14],
  // 16 城管 units (神农架林区 has none of its own)
  ['wh-cgw', '武汉市城管委', '武汉市', 'urban', true, 130, 136, 104, 95],
  ['hs-cgw', '黄石市城管委', '黄石市', 'urban', true, 60, 72, 40, 36],
  ['sy-cgw', '十堰市城管委', '十堰市', 'urban', false, 48, 52, 30, 27],
  ['yc-cgw', '宜昌市城管委', '宜昌市', 'urban', false, 50, 56, 34, 30],
  ['xy-cgw', '襄阳市城管委', '襄阳市', 'urban', false, 52, 58, 36, 32],
  ['ez-cgw', '鄂州市城管委', '鄂州市', 'urban', false, 30, 34, 20, 18],
  ['jm-cgw', '荆门市城管委', '荆门市', 'urban', false, 36, 40, 24, 21],
  ['xg-cgw', '孝感市城管委', '孝感市', 'urban', false, 36, 40, 24, 21],
  ['jz-cgw', '荆州市城管委', '荆州市', 'urban', false, 40, 44, 28, 25],
  ['hg-cgw', '黄冈市城管委', '黄冈市', 'urban', false, 36, 40, 24, 21],
  ['xn-cgw', '咸宁市城管委', '咸宁市', 'urban', false, 30, 34, 20, 18],
  ['sz-cgw', '随州市城管委', '随州市', 'urban', false, 28, 30, 18, 16],
  ['es-cgw', '恩施州城管委', '恩施州', 'urban', false, 30, 34, 20, 18],
  ['xt-cgzfj', '仙桃市城管执法局', '仙桃市', 'urban', true, 40, 46, 26, 23],
  ['qj-cgzfj', '潜江市城管执法局', '潜江市', 'urban', false, 28, 30, 18, 16],
  ['tm-cgzfj', '天门市城管执法局', '天门市', 'urban', false, 26, 28, 16, 14],
  // the 8 units the address line names besides those
  ['wh-fgj', '武汉市房管局', '武汉市', 'property', true, 120, 126, 92, 80],
  ['wh-ylj', '武汉市园林局', '武汉市', 'garden', true, 60, 66, 40, 37],
  ['wh-swj', '武汉市水务局', '武汉市', 'water', true, 70, 74, 55, 50],
  ['yc-ylj', '宜昌市园林局', '宜昌市', 'garden', true, 30, 34, 20, 18],
  ['ez-slhj', '鄂州市水利和湖泊局', '鄂州市', 'water', true, 36, 40, 28, 27],
  ['xt-zbzx', '仙桃市住保中心', '仙桃市', 'security', true, 24, 26, 16, 14],
  ['xt-lyzx', '仙桃市林业中心', '仙桃市', 'forestry', true, 16, 18, 10, 9],
  ['tm-zbzx', '天门市住保中心', '天门市', 'security', true, 48, 52, 40, 37],
];

const COUNTY_ROWS: Array<[...Row, string]> = [
  ['hh-zjj', '洪湖市住建局', '洪湖市', 'housing', true, 40, 44, 30, 27, 'jz-zjj'],
  ['ss-zjj', '石首市住建局', '石首市', 'housing', true, 56, 60, 36, 33, 'jz-zjj'],
  ['zj-zjj', '枝江市住建局', '枝江市', 'housing', false, 40, 44, 30, 27, 'yc-zjj'],
];

/** The 41 prefecture-level units of the circular's 市州 group. */
export const PREFECTURE_UNITS: readonly DemoUnitPlan[] = ROWS.map(([key, name, region, kind, named, e, a, i, r]) => ({
  key,
  name,
  level: 'prefecture' as const,
  region,
  kind,
  namedInCircular: named,
  enterprises: e,
  activities: a,
  issues: i,
  resolved: r,
}));

/** County bureaus: rows of the 市州 group under their prefecture's 住建局. */
export const COUNTY_UNITS: readonly DemoUnitPlan[] = COUNTY_ROWS.map(([key, name, region, kind, named, e, a, i, r, parentKey]) => ({
  key,
  name,
  level: 'county' as const,
  parentKey,
  region,
  kind,
  namedInCircular: named,
  enterprises: e,
  activities: a,
  issues: i,
  resolved: r,
}));

export const ALL_UNITS: readonly DemoUnitPlan[] = [...DEPARTMENT_UNITS, ...PREFECTURE_UNITS, ...COUNTY_UNITS];
