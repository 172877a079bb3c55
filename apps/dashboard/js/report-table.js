// The circular's attachment table: 厅本级 and 市州 groups with their units, subtotals, total.
import { h } from './dom.js';
import { formatCount, formatRate } from './format.js';
import { EXTRA_COLUMNS, LEVELS, MAIN_COLUMNS } from './labels.js';

const GROUP_OF_LEVEL = { department: 'department', prefecture: 'prefecture', county: 'prefecture' };
const GROUP_ORDER = ['department', 'prefecture'];

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

/**
 * Renders the table. `state.collapsed` is a Set of group levels folded shut; `onSelectUnit`
 * opens a unit's issue list; `onToggleGroup(level)` folds a group.
 */
export function reportTable(report, { collapsed, selectedUnitId, onSelectUnit, onToggleGroup, showExtra }) {
  const total = report.total;
  const rows = report.rows ?? [];
  const groups = [...(report.groups ?? [])].sort((a, b) => GROUP_ORDER.indexOf(a.level) - GROUP_ORDER.indexOf(b.level));
  const head = h(
    'thead',
    null,
    h(
      'tr',
      null,
      h('th', { class: 'unit-col' }, '单位', h('small', null, 'Unit')),
      MAIN_COLUMNS.map((c) => h('th', { class: 'num', dataset: { col: c.key } }, c.label, h('small', null, c.en))),
      EXTRA_COLUMNS.map((c) => h('th', { class: 'num extra', dataset: { col: c.key } }, c.label, h('small', null, c.en))),
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
            title: shut ? '展开 expand' : '折叠 collapse',
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
      : tree(members).map(({ row, depth }) =>
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
                  title: "查看该单位的问题清单 open the unit's issues",
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
      h('th', { scope: 'row', class: 'unit-col' }, '合计', h('small', null, 'Total')),
      cells(total ?? {}, total, false),
    ),
  );
  return h('table', { class: `report${showExtra ? ' show-extra' : ''}`, dataset: { testid: 'report-table' } }, head, bodies, foot);
}
