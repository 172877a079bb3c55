// Alerts (the ladder 黄牌 → 红牌 → 通报, and the unit-level warnings) and rankings.
import { getJson, listOf } from './api.js';
import { h, fill } from './dom.js';
import { formatCount, formatRate, formatWhen } from './format.js';
import { ALERT_KINDS, LEVELS, MAIN_COLUMNS, EXTRA_COLUMNS, alertSentence } from './labels.js';

export function unavailableNote(error, what) {
  if (error?.missingRoute)
    return h('p', { class: 'note unavailable', dataset: { state: 'unavailable' } }, `${what}暂不可用（服务器尚未提供该功能）`);
  if (error?.status === 401 || error?.status === 403)
    return h('p', { class: 'note error', dataset: { state: 'forbidden' } }, `${what}：无权查看，请登录（${error.message}）`);
  return h('p', { class: 'note error', dataset: { state: 'error' } }, `${what}加载失败：${error?.message ?? error}`);
}

export function kindBadge(kind, colour) {
  const k = ALERT_KINDS[kind] ?? { label: kind, en: '', tone: 'grey' };
  return h('span', { class: `badge tone-${colour ?? k.tone}`, title: k.en, dataset: { kind } }, k.label);
}

/** An alert's explanation: the server's message if it has one, else its details as a Chinese sentence. */
function alertDetail(a) {
  const text = a.message ?? a.summary;
  if (text && /[\u4e00-\u9fff]/.test(text)) return text;
  return alertSentence(a.kind, a.details ?? a.data ?? {});
}

/** What an alert is about: the issue (case number, title, enterprise), the activity or the unit. */
function alertSubject(a) {
  if (a.issueId) {
    const title = a.caseNumber ? `${a.caseNumber} · ${a.issueTitle ?? ''}` : (a.issueTitle ?? '问题');
    return [
      h('a', { href: `#/issues/${encodeURIComponent(a.issueId)}` }, title),
      a.enterpriseName || a.enterpriseCode
        ? h(
            'div',
            { class: 'enterprise small' },
            a.enterpriseName ?? '',
            a.enterpriseCode ? h('span', { class: 'code' }, ` ${a.enterpriseCode}`) : null,
          )
        : null,
    ];
  }
  if (a.noticeId) return '督办通知';
  if (a.activityId) return `${a.details?.heldOn ?? ''} 座谈会`;
  return '单位';
}

const ALERT_PAGE = 100;

/**
 * The alerts panel as of a business date: raised by then, and open or cleared as they stood that
 * day; filters (unit, kind, open only) above a list that loads a page at a time; 404 → an
 * "unavailable" note.
 */
export async function renderAlerts(el, { campaignId, units, filter, onFilter, unitName, asOf }) {
  const unitSelect = h(
    'select',
    { name: 'unit', 'aria-label': '单位', onchange: (e) => onFilter({ unitId: e.target.value }) },
    h('option', { value: '' }, '全部单位'),
    units.map((u) => h('option', { value: u.unitId, selected: u.unitId === filter.unitId }, u.unitName)),
  );
  const kindSelect = h(
    'select',
    { name: 'kind', 'aria-label': '预警类型', onchange: (e) => onFilter({ kind: e.target.value }) },
    h('option', { value: '' }, '全部类型'),
    Object.entries(ALERT_KINDS).map(([kind, k]) => h('option', { value: kind, selected: kind === filter.kind, title: k.en }, k.label)),
  );
  const openBox = h(
    'label',
    { class: 'check' },
    h('input', { type: 'checkbox', name: 'open', checked: filter.open !== false, onchange: (e) => onFilter({ open: e.target.checked }) }),
    ' 仅看当日未解除的',
  );
  const body = h('div', { class: 'alerts-body', dataset: { state: 'loading', asOf } }, h('p', { class: 'note' }, '加载中…'));
  fill(el, h('div', { class: 'filters', role: 'group', 'aria-label': '筛选预警' }, unitSelect, kindSelect, openBox), body);
  const tbody = h('tbody');
  const count = h('p', { class: 'note small', id: 'alerts-count' });
  const more = h('button', { type: 'button', class: 'load-more', hidden: true }, '加载更多');
  let shown = 0;
  const loadPage = async () => {
    more.disabled = true;
    const result = await getJson('/alerts', {
      campaignId,
      unitId: filter.unitId,
      kind: filter.kind,
      open: filter.open === false ? '' : 'true',
      asOf,
      offset: shown,
      limit: ALERT_PAGE,
    });
    const alerts = listOf(result, 'alerts');
    const total = result?.total ?? alerts.length;
    shown += alerts.length;
    tbody.append(...alerts.map((a) => alertRow(a, unitName)));
    fill(count, `截至 ${asOf}，共 ${total} 条，已显示 ${shown} 条`);
    more.hidden = shown >= total || alerts.length === 0;
    more.disabled = false;
    return total;
  };
  more.addEventListener('click', () => loadPage().catch((error) => fill(count, unavailableNote(error, '预警'))));
  try {
    const total = await loadPage();
    if (!total) {
      body.dataset.state = 'empty';
      return fill(body, h('p', { class: 'note', dataset: { state: 'empty' } }, `截至 ${asOf} 没有预警。`));
    }
    body.dataset.state = 'ready';
    fill(
      body,
      count,
      h(
        'div',
        { class: 'scroll-x scroll-y', tabindex: '0', role: 'region', 'aria-label': '预警列表' },
        h(
          'table',
          { class: 'list alerts' },
          h('caption', { class: 'visually-hidden' }, '预警列表'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['类型', '单位', '对象', '说明', '发出', '解除'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          tbody,
        ),
      ),
      more,
    );
  } catch (error) {
    fill(body, unavailableNote(error, '预警'));
    body.dataset.state = error?.missingRoute ? 'unavailable' : 'error';
  }
}

function alertRow(a, unitName) {
  return h(
    'tr',
    { class: a.clearedAt ? 'cleared' : '', dataset: { kind: a.kind, raisedAt: a.raisedAt } },
    h('td', null, kindBadge(a.kind, a.colour)),
    h('td', null, a.unitName ?? unitName(a.unitId) ?? '—'),
    h('td', { class: 'subject' }, alertSubject(a)),
    h('td', null, alertDetail(a)),
    h('td', { class: 'time' }, formatWhen(a.raisedAt)),
    h('td', { class: 'time' }, a.clearedAt ? formatWhen(a.clearedAt) : '未解除'),
  );
}

const RANK_LABELS = {
  rank: '名次',
  unitName: '单位',
  level: '层级',
  score: '得分',
  resolvedWithDue: '有时限的办结(项)',
  ...Object.fromEntries([...MAIN_COLUMNS, ...EXTRA_COLUMNS].map((c) => [c.key, c.label])),
};
/** The columns each ranking list shows (others: every scalar field). */
const RANK_COLUMNS = {
  completionRate: ['rank', 'unitName', 'level', 'completionRate', 'issuesResolved', 'issuesCollected'],
  satisfactionRate: ['rank', 'unitName', 'level', 'satisfactionRate', 'rated'],
  onTimeRate: ['rank', 'unitName', 'level', 'onTimeRate', 'onTimeResolved', 'resolvedWithDue'],
  openOverdue: ['rank', 'unitName', 'level', 'openOverdue', 'issuesCollected'],
};
const HIDDEN = new Set(['unitId', 'campaignId', 'parentUnitId', 'activitiesByForm', 'asOf', 'knownAt']);

function rankingTable(name, rows) {
  const keys =
    RANK_COLUMNS[name] ??
    [...new Set(rows.flatMap((r) => Object.keys(r)))].filter(
      (k) => !HIDDEN.has(k) && typeof rows.find((r) => r[k] != null)?.[k] !== 'object',
    );
  const show = (k, v) =>
    v == null
      ? '—'
      : /rate$/i.test(k) && typeof v === 'number'
        ? formatRate(v)
        : k === 'level'
          ? (LEVELS[v] ?? v)
          : typeof v === 'number'
            ? formatCount(Math.round(v * 100) / 100)
            : String(v);
  return h(
    'div',
    { class: 'scroll-x scroll-y', tabindex: '0', role: 'region', 'aria-label': `排名：${RANK_LABELS[name] ?? name}` },
    h(
      'table',
      { class: 'list rankings', dataset: { list: name } },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          keys.map((k) => h('th', { scope: 'col' }, RANK_LABELS[k] ?? k)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            keys.map((k) => h('td', { class: typeof r[k] === 'number' ? 'num' : '' }, show(k, r[k]))),
          ),
        ),
      ),
    ),
  );
}

/** Rankings: one tab per list the endpoint gives (by completion, satisfaction, …); 404 → "unavailable". */
export async function renderRankings(el, { campaignId, asOf }) {
  el.dataset.state = 'loading';
  fill(el, h('p', { class: 'note' }, '加载中…'));
  try {
    // The rankings count on business dates only (no known-at).
    const body = await getJson(`/campaigns/${encodeURIComponent(campaignId)}/rankings`, { asOf });
    const lists = Array.isArray(body)
      ? [['', body]]
      : Object.entries(body ?? {}).filter(([, v]) => Array.isArray(v) && v.length && typeof v[0] === 'object');
    if (!lists.length) {
      el.dataset.state = 'empty';
      return fill(el, h('p', { class: 'note' }, '暂无排名'));
    }
    const panel = h('div', { class: 'ranking' });
    const tabs = h(
      'div',
      { class: 'segmented', role: 'group', 'aria-label': '排名依据' },
      lists.map(([name], i) =>
        h(
          'button',
          {
            type: 'button',
            'aria-pressed': String(i === 0),
            dataset: { list: name },
            onclick: (e) => {
              for (const b of tabs.children) b.setAttribute('aria-pressed', String(b === e.currentTarget));
              fill(panel, rankingTable(name, lists.find(([n]) => n === name)[1]));
            },
          },
          RANK_LABELS[name] ?? (name || '排名'),
        ),
      ),
    );
    fill(panel, rankingTable(lists[0][0], lists[0][1]));
    el.dataset.state = 'ready';
    fill(el, lists.length > 1 ? tabs : null, panel);
  } catch (error) {
    el.dataset.state = error?.missingRoute ? 'unavailable' : 'error';
    fill(el, unavailableNote(error, '排名'));
  }
}
