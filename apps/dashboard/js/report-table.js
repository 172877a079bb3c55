// The circular's attachment table: 厅本级 and 市州 groups with their units, subtotals, total; sorted
// by any column, filtered by level, prefecture (with its counties) and region.
import { h } from './dom.js';
import { formatCount, formatRate } from './format.js';
import { EXTRA_COLUMNS, LEVELS, MAIN_COLUMNS } from './labels.js';

const GROUP_OF_LEVEL = { department: 'department', prefecture: 'prefecture', county: 'prefecture' };
const GROUP_ORDER = ['department', 'prefecture'];

const ALL_COLUMNS = [...MAIN_COLUMNS, ...EXTRA_COLUMNS];

/** The value a column sorts by (a number, or the unit's name). */
function sortValue(key, row) {
  if (key === 'unitName') return row.unitName ?? '';
  const column = ALL_COLUMNS.find((c) => c.key === key);
  const value = column?.get ? column.get(row) : row[key];
  const n = typeof value === 'string' ? Number(value) : value;
  return n == null || Number.isNaN(n) ? null : n;
}

/** Rows sorted by a column; units with no value (no denominator) last either way. */
export function sortRows(rows, key, dir) {
  const sign = dir === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = sortValue(key, a);
    const y = sortValue(key, b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = typeof x === 'string' ? x.localeCompare(y, 'zh-CN') : x - y;
    return sign * c || String(a.unitName).localeCompare(String(b.unitName), 'zh-CN');
  });
}

/** The rows the filters keep: a level, a prefecture with its counties, a region. */
export function filterRows(rows, unitInfo, { level, parent, region }) {
  return rows.filter(
    (r) =>
      (!level || r.level === level) &&
      (!parent || r.unitId === parent || (r.parentUnitId ?? unitInfo.get(r.unitId)?.parentUnitId) === parent) &&
      (!region || unitInfo.get(r.unitId)?.region === region),
  );
}

/** The filters above the table: three labelled selects that write the route. */
export function tableFilters(report, unitInfo, filter, onChange) {
  const rows = report.rows ?? [];
  const prefectures = rows.filter((r) => r.level === 'prefecture');
  const regions = [...new Set(rows.map((r) => unitInfo.get(r.unitId)?.region).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const select = (name, label, options, value) =>
    h(
      'label',
      null,
      `${label} `,
      h(
        'select',
        { name, onchange: (e) => onChange({ [name]: e.target.value }) },
        options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
      ),
    );
  return [
    select('level', '层级', [['', '全部层级'], ...Object.entries(LEVELS)], filter.level),
    select('parent', '市州', [['', '全部市州'], ...prefectures.map((r) => [r.unitId, `${r.unitName}及所辖县市区`])], filter.parent),
    regions.length ? select('region', '地区', [['', '全部地区'], ...regions.map((r) => [r, r])], filter.region) : null,
    Object.values(filter).some(Boolean)
      ? h('button', { type: 'button', onclick: () => onChange({ level: '', parent: '', region: '' }) }, '清除筛选')
      : null,
  ];
}

function cellValue(column, row) {
  if (column.get) return column.get(row);
  const value = row[column.key];
  return column.rate ? formatRate(value) : formatCount(value);
}

function cells(row, total, unitRow) {
  return [
    ...MAIN_COLUMNS.map((c) => {
      const low = unitRow && c.rate && row[c.key] != null && total?.[c.key] != null && row[c.key] < total[c.key] - 1e-12;
      return h(
        'td',
        { class: `num${low ? ' low' : ''}`, dataset: { col: c.key }, title: low ? '低于全省 below the campaign-wide rate' : null },
        cellValue(c, row),
        low ? h('span', { class: 'visually-hidden' }, '（低于全省）') : null,
      );
    }),
    ...EXTRA_COLUMNS.map((c) => h('td', { class: 'num extra', dataset: { col: c.key } }, cellValue(c, row))),
  ];
}

/** Orders a group's rows as a tree (county units under their prefecture unit), with depths. */
function tree(rows) {
  const ids = new Set(rows.map((r) => r.unitId));
  const children = new Map();
  const roots = [];
  for (const row of rows) {
    if (row.parentUnitId && ids.has(row.parentUnitId)) {
      if (!children.has(row.parentUnitId)) children.set(row.parentUnitId, []);
      children.get(row.parentUnitId).push(row);
    } else roots.push(row);
  }
  const out = [];
  const walk = (row, depth) => {
    out.push({ row, depth });
    for (const child of children.get(row.unitId) ?? []) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return out;
}

/** A column heading that sorts: a button inside the th, aria-sort on the th. */
function sortHeader(key, label, en, extraClass, sort, dir, onSort) {
  const active = sort === key;
  return h(
    'th',
    {
      scope: 'col',
      class: extraClass,
      dataset: { col: key },
      'aria-sort': active ? (dir === 'desc' ? 'descending' : 'ascending') : null,
    },
    h(
      'button',
      { type: 'button', class: 'sort', title: en, onclick: () => onSort?.(key), dataset: { sort: key } },
      label,
      h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (dir === 'desc' ? ' ▼' : ' ▲') : ' ↕'),
    ),
  );
}

/**
 * Renders the table. `state.collapsed` is a Set of group levels folded shut; `onSelectUnit`
 * opens a unit's issue list; `onToggleGroup(level)` folds a group. `rows` (default: all) are the
 * units the filters keep; `sort`/`dir` order each group's units by a column (flat, not as a tree).
 */
export function reportTable(
  report,
  { collapsed, selectedUnitId, onSelectUnit, onToggleGroup, showExtra, rows: shownRows, filter = {}, sort, dir, onSort },
) {
  const total = report.total;
  const rows = shownRows ?? report.rows ?? [];
  const groups = [...(report.groups ?? [])].sort((a, b) => GROUP_ORDER.indexOf(a.level) - GROUP_ORDER.indexOf(b.level));
  const head = h(
    'thead',
    null,
    h(
      'tr',
      null,
      sortHeader('unitName', '单位', 'unit', 'unit-col', sort, dir, onSort),
      MAIN_COLUMNS.map((c) => sortHeader(c.key, c.label, c.en, 'num', sort, dir, onSort)),
      EXTRA_COLUMNS.map((c) => sortHeader(c.key, c.label, c.en, 'num extra', sort, dir, onSort)),
    ),
  );
  const bodies = groups.map((group) => {
    const members = rows.filter((r) => GROUP_OF_LEVEL[r.level] === group.level);
    const topLevel = members.filter((r) => r.level === group.level).length;
    const shut = collapsed.has(group.level);
    const label = LEVELS[group.level] ?? group.unitName ?? group.level;
    const groupRow = h(
      'tr',
      { class: 'group', dataset: { row: `group-${group.level}` } },
      h(
        'th',
        { scope: 'row', class: 'unit-col' },
        h(
          'button',
          {
            type: 'button',
            class: 'fold',
            'aria-expanded': String(!shut),
            onclick: () => onToggleGroup(group.level),
            title: shut ? 'expand' : 'collapse',
            'aria-label': `${shut ? '展开' : '折叠'}${LEVELS[group.level] ?? ''}`,
          },
          shut ? '▸' : '▾',
        ),
        ` ${label} 小计`,
        h('small', null, `${topLevel} 个单位${members.length > topLevel ? `，含县市区 ${members.length - topLevel} 个` : ''}`),
      ),
      cells(group, total, false),
    );
    const unitRows = shut
      ? []
      : (sort ? sortRows(members, sort, dir).map((row) => ({ row, depth: 0 })) : tree(members)).map(({ row, depth }) =>
          h(
            'tr',
            {
              class: `unit${row.unitId === selectedUnitId ? ' selected' : ''}`,
              dataset: { row: 'unit', unitId: row.unitId, level: row.level },
            },
            h(
              'th',
              { scope: 'row', class: 'unit-col', style: depth ? `padding-left:${0.75 + depth * 1.25}rem` : null },
              h(
                'a',
                {
                  href: '#',
                  onclick: (e) => {
                    e.preventDefault();
                    onSelectUnit(row.unitId);
                  },
                  title: "查看该单位的问题清单 (the unit's issues)",
                },
                row.unitName ?? row.unitId,
              ),
            ),
            cells(row, total, true),
          ),
        );
    return h('tbody', { dataset: { group: group.level } }, groupRow, unitRows);
  });
  const foot = h(
    'tfoot',
    null,
    h(
      'tr',
      { class: 'total', dataset: { row: 'total' } },
      h('th', { scope: 'row', class: 'unit-col' }, '合计'),
      cells(total ?? {}, total, false),
    ),
  );
  return h(
    'table',
    {
      class: `report${showExtra ? ' show-extra' : ''}`,
      dataset: {
        testid: 'report-table',
        sort: sort || null,
        dir: sort ? dir : null,
        filterLevel: filter.level || null,
        filterParent: filter.parent || null,
        filterRegion: filter.region || null,
      },
    },
    h('caption', { class: 'visually-hidden' }, '各单位服务企业月活动统计表'),
    head,
    bodies,
    foot,
  );
}
