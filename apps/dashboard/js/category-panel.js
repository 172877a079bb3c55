// The report's by-category breakdown (`categories` of GET /campaigns/:id/report): a small table
// beside the circular's, as of the same date and as known at the same time — the same report, so
// its rows sum to the total above. Its own module: the rest of the page changes without it.
import { h, fill } from './dom.js';
import { formatCount, formatRate } from './format.js';

const COLUMNS = [
  { key: 'issuesCollected', label: '收集问题建议（项）' },
  { key: 'issuesResolved', label: '已办结（项）' },
  { key: 'completionRate', label: '办结率', rate: true },
  { key: 'openOverdue', label: '超期未办结（项）' },
];

const cell = (c, row) => h('td', { class: 'num', dataset: { col: c.key } }, c.rate ? formatRate(row[c.key]) : formatCount(row[c.key]));

function table(report) {
  const rows = report.categories ?? [];
  const total = report.total ?? {};
  return h(
    'table',
    { class: 'category-table', id: 'category-table', 'aria-labelledby': 'categories-title' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '问题类别'),
        COLUMNS.map((c) => h('th', { scope: 'col', class: 'num' }, c.label)),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          { dataset: { category: r.category, inCatalogue: String(r.inCatalogue) } },
          h('th', { scope: 'row' }, r.category, r.inCatalogue ? null : h('small', null, '（目录外）')),
          COLUMNS.map((c) => cell(c, r)),
        ),
      ),
    ),
    h(
      'tfoot',
      null,
      h(
        'tr',
        { class: 'total', dataset: { category: '合计' } },
        h('th', { scope: 'row' }, '合计'),
        COLUMNS.map((c) => cell(c, total)),
      ),
    ),
  );
}

/** The panel: `el` to place on the page, `render(report | null)` after each report arrives. */
export function categoryPanel() {
  // scrolls sideways at phone width: focusable, so a keyboard can scroll it too
  const body = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'categories-title' });
  const note = h('p', { class: 'note small', id: 'category-note' });
  const el = h(
    'section',
    { class: 'card', id: 'categories', 'aria-labelledby': 'categories-title' },
    h('h2', { id: 'categories-title' }, '按问题类别'),
    body,
    note,
  );
  return {
    el,
    render(report) {
      if (!report || !Array.isArray(report.categories)) {
        el.dataset.state = 'empty';
        fill(body, h('p', { class: 'note' }, '暂无分类统计。'));
        fill(note);
        return;
      }
      el.dataset.state = 'ready';
      fill(body, table(report));
      const outside = report.categories.some((c) => !c.inCatalogue);
      fill(
        note,
        '类别取自本活动的类别目录；各类别合计等于上表合计。',
        outside ? '标“目录外”的是目录启用前自由填写、或已从目录中删除的类别，按原样列出。' : null,
      );
    },
  };
}
