// Alerts (the ladder 黄牌 → 红牌 → 通报, and the unit-level warnings) and rankings.
import { getJson, listOf } from './api.js';
import { h, fill } from './dom.js';
import { formatCount, formatRate, formatWhen } from './format.js';
import { ALERT_KINDS, LEVELS, MAIN_COLUMNS, EXTRA_COLUMNS } from './labels.js';

export function unavailableNote(error, what) {
  if (error?.missingRoute)
    return h(
      'p',
      { class: 'note unavailable', dataset: { state: 'unavailable' } },
      `${what}暂不可用（unavailable: the server does not offer ${error.url?.split('?')[0]} yet）`,
    );
  if (error?.status === 401 || error?.status === 403)
    return h('p', { class: 'note error', dataset: { state: 'forbidden' } }, `${what}：无权查看，请登录（${error.message}）`);
  return h('p', { class: 'note error', dataset: { state: 'error' } }, `${what}加载失败：${error?.message ?? error}`);
}

export function kindBadge(kind, colour) {
  const k = ALERT_KINDS[kind] ?? { label: kind, en: '', tone: 'grey' };
  return h('span', { class: `badge tone-${colour ?? k.tone}`, title: k.en, dataset: { kind } }, k.label);
}

function alertDetail(a) {
  const text = a.message ?? a.detail ?? a.summary ?? a.reason ?? a.description;
  if (text) return text;
  const data = a.data ?? a.details ?? a.facts;
  if (data && typeof data === 'object')
    return Object.entries(data)
      .map(([k, v]) => `${k}: ${typeof v === 'number' && v <= 1 && /rate|threshold|target/i.test(k) ? formatRate(v) : v}`)
      .join('，');
  return '';
}

/** The alerts panel: filters (unit, kind, open only) above a list; 404 → an "unavailable" note. */
export async function renderAlerts(el, { campaignId, units, filter, onFilter, unitName }) {
  const unitSelect = h(
    'select',
    { name: 'unit', 'aria-label': '单位', onchange: (e) => onFilter({ unitId: e.target.value }) },
    h('option', { value: '' }, '全部单位 all units'),
    units.map((u) => h('option', { value: u.unitId, selected: u.unitId === filter.unitId }, u.unitName)),
  );
  const kindSelect = h(
    'select',
    { name: 'kind', 'aria-label': '预警类型', onchange: (e) => onFilter({ kind: e.target.value }) },
    h('option', { value: '' }, '全部类型 all kinds'),
    Object.entries(ALERT_KINDS).map(([kind, k]) => h('option', { value: kind, selected: kind === filter.kind }, `${k.label} (${k.en})`)),
  );
  const openBox = h(
    'label',
    { class: 'check' },
    h('input', { type: 'checkbox', name: 'open', checked: filter.open !== false, onchange: (e) => onFilter({ open: e.target.checked }) }),
    ' 仅未解除 open only',
  );
  const body = h('div', { class: 'alerts-body', dataset: { state: 'loading' } }, h('p', { class: 'note' }, '加载中…'));
  fill(el, h('div', { class: 'filters' }, unitSelect, kindSelect, openBox), body);
  try {
    const result = await getJson('/alerts', {
      campaignId,
      unitId: filter.unitId,
      kind: filter.kind,
      open: filter.open === false ? '' : 'true',
    });
    const alerts = listOf(result, 'alerts');
    if (!alerts.length) return fill(body, h('p', { class: 'note', dataset: { state: 'empty' } }, '没有预警 no alerts'));
    body.dataset.state = 'ready';
    fill(
      body,
      h('p', { class: 'note small' }, `共 ${alerts.length} 条${result?.truncated ? '（仅显示前若干条 truncated）' : ''}`),
      h(
        'div',
        { class: 'scroll-x scroll-y' },
        h(
          'table',
          { class: 'list alerts' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['类型', '单位', '对象', '说明', '发出', '解除'].map((t) => h('th', null, t)),
            ),
          ),
          h(
            'tbody',
            null,
            alerts.map((a) =>
              h(
                'tr',
                { class: a.clearedAt ? 'cleared' : '', dataset: { kind: a.kind } },
                h('td', null, kindBadge(a.kind, a.colour)),
                h('td', null, a.unitName ?? unitName(a.unitId) ?? a.unitId ?? '—'),
                h(
                  'td',
                  null,
                  a.issueId
                    ? h('a', { href: `#/issues/${a.issueId}` }, a.issueTitle ?? `问题 ${String(a.issueId).slice(0, 8)}`)
                    : a.activityId
                      ? `活动 ${String(a.activityId).slice(0, 8)}`
                      : '单位',
                ),
                h('td', null, alertDetail(a)),
                h('td', { class: 'time' }, formatWhen(a.raisedAt)),
                h('td', { class: 'time' }, a.clearedAt ? formatWhen(a.clearedAt) : '未解除'),
              ),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    fill(body, unavailableNote(error, '预警'));
    body.dataset.state = error?.missingRoute ? 'unavailable' : 'error';
  }
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
    { class: 'scroll-x scroll-y' },
    h(
      'table',
      { class: 'list rankings', dataset: { list: name } },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          keys.map((k) => h('th', null, RANK_LABELS[k] ?? k)),
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
      return fill(el, h('p', { class: 'note' }, '暂无排名 no rankings'));
    }
    const panel = h('div', { class: 'ranking' });
    const tabs = h(
      'div',
      { class: 'segmented' },
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
