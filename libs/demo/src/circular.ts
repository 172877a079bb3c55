/**
 * The circular of 2023-07-11 (鄂建函 on the "服务企业月" campaign, seed/000_3159178822529981.txt)
 * as data: the figures the demo must reproduce as of 2023-07-10 (DESIGN §6).
 */
export const CIRCULAR_AS_OF = '2023-07-10';

export interface CircularRow {
  enterprisesVisited: number;
  activities: number;
  issuesCollected: number;
  issuesResolved: number;
  /** As printed; the number of decimals is the circular's. */
  completion: string;
  satisfaction: string;
}

export const CIRCULAR_ROWS: Readonly<Record<'department' | 'prefecture' | 'total', CircularRow>> = {
  department: {
    enterprisesVisited: 274,
    activities: 263,
    issuesCollected: 245,
    issuesResolved: 215,
    completion: '87.8%',
    satisfaction: '100%',
  },
  prefecture: {
    enterprisesVisited: 3066,
    activities: 3196,
    issuesCollected: 2103,
    issuesResolved: 1877,
    completion: '89.25%',
    satisfaction: '99.95%',
  },
  total: {
    enterprisesVisited: 3340,
    activities: 3459,
    issuesCollected: 2348,
    issuesResolved: 2092,
    completion: '89.1%',
    satisfaction: '99.98%',
  },
};

/** The units the circular criticises by name (三、问题不足), and the department's open work (四). */
export const CIRCULAR_NAMED = {
  /** 天门市住建局1次活动就涉及59家企业,仅收集企业问题建议3项 */
  tianmenHousing: { name: '天门市住建局', activities: 1, form: 'symposium', enterprisesVisited: 59, issuesCollected: 3 },
  /** 黄石市住建局走访企业218家,仅收集企业问题建议12项 */
  huangshiHousing: { name: '黄石市住建局', enterprisesVisited: 218, issuesCollected: 12 },
  /** 天门市住保中心已办结的37项企业问题建议中,企业反馈满意率未达到100% */
  tianmenSecurity: { name: '天门市住保中心', issuesResolved: 37 },
  /** 省厅各责任处室(单位)要持续推进剩余30项企业问题建议的承诺办理 */
  departmentOpen: 30,
  /** 全省41个市州住建系统单位 */
  prefectureUnits: 41,
} as const;

/**
 * A rate as the circular prints it: a percentage with `decimals` places, trailing zeros kept
 * as printed ("100%" has none). Rounds half up, on the exact fraction.
 */
export function formatPercent(numerator: number, denominator: number, decimals: number): string {
  const scale = 10 ** decimals;
  // Integer arithmetic: round(num * 100 * scale / den), half up.
  const scaled = Math.floor((2 * numerator * 100 * scale + denominator) / (2 * denominator));
  const whole = Math.floor(scaled / scale);
  const frac = scaled % scale;
  return decimals === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(decimals, '0')}%`;
}

/** The number of decimals a printed percentage has ("89.25%" → 2). */
export function decimalsOf(printed: string): number {
  const m = /\.(\d+)%$/.exec(printed);
  return m ? m[1].length : 0;
}

/**
 * A table row's cells as the circular prints them, with the printed row's decimals (satisfaction
 * aside: the tests check its rounding on its own).
 */
export function circularCells(
  row: { enterprisesVisited: number; activities: number; issuesCollected: number; issuesResolved: number },
  which: keyof typeof CIRCULAR_ROWS,
): Omit<CircularRow, 'satisfaction'> {
  return {
    enterprisesVisited: row.enterprisesVisited,
    activities: row.activities,
    issuesCollected: row.issuesCollected,
    issuesResolved: row.issuesResolved,
    completion: formatPercent(row.issuesResolved, row.issuesCollected, decimalsOf(CIRCULAR_ROWS[which].completion)),
  };
}
