// My queue: the unit's issues (and, read-only, those of the units below it), overdue first, then
// due soon, then by due date; the alert ladder (黄牌 / 红牌 / 通报) and open supervision notices as
// badges; filters by state, category, enterprise and unit, kept in the URL.
import { getJson, listOf } from './api.js';
import { h, fill } from './dom.js';
import { formatDate, formatRate, daysBetween } from './format.js';
import { ALERT_KINDS, RATINGS, STATES } from './labels.js';
import { unavailableNote } from './supervision.js';

const OPEN = ['pending', 'in_progress'];
const LADDER = ['escalated', 'overdue', 'due_soon'];
const NOTICE_LEVELS = { reminder: '催办', yellow: '黄牌督办', red: '红牌督办' };

export const STATE_FILTERS = {
  open: { label: '未办结', states: OPEN },
  pending: { label: '待受理', states: ['pending'] },
  in_progress: { label: '办理中', states: ['in_progress'] },
  resolved: { label: '已办结', states: ['resolved'] },
  withdrawn: { label: '已撤回', states: ['withdrawn'] },
  all: { label: '全部', states: null },
};

export function ladderBadge(kind) {
  const k = ALERT_KINDS[kind] ?? { label: kind, tone: 'grey', en: kind };
  const short = { due_soon: '黄牌', overdue: '红牌', escalated: '通报' }[kind] ?? k.label;
  return h('span', { class: `badge tone-${k.tone}`, title: `${k.label} (${k.en})`, dataset: { kind } }, short);
}

export function noticeBadge(notice) {
  return h(
    'span',
    {
      class: `badge tone-${notice.level === 'red' ? 'red' : notice.level === 'yellow' ? 'yellow' : 'blue'} notice-badge`,
      dataset: { kind: 'notice', noticeId: notice.id },
      title: `督办通知：${notice.reason ?? ''}${notice.respondBy ? `（${notice.respondBy} 前回复）` : ''}`,
    },
    `督办 · ${NOTICE_LEVELS[notice.level] ?? notice.level}`,
  );
}

export function stateBadge(state) {
  return h('span', { class: `badge state state-${state}`, dataset: { state } }, STATES[state] ?? state);
}

async function getAll(path, params) {
  const items = [];
  for (let page = 1; page <= 50; page++) {
    const body = await getJson(path, { ...params, page, pageSize: 200 });
    const list = listOf(body, 'issues', 'notices', 'alerts');
    items.push(...list);
    if (!list.length || items.length >= (body?.total ?? items.length)) break;
  }
  return items;
}

/** Open alerts of the ladder, by issue; 404 (the supervision work not there yet) → none. */
async function ladderByIssue(campaignId) {
  try {
    const alerts = listOf(await getJson('/alerts', { campaignId, open: 'true', limit: 500 }), 'alerts');
    const out = new Map();
    for (const a of alerts) {
      if (!a.issueId || !LADDER.includes(a.kind) || a.clearedAt) continue;
      out.set(a.issueId, [...(out.get(a.issueId) ?? []), a.kind]);
    }
    return { byIssue: out, error: null };
  } catch (error) {
    return { byIssue: new Map(), error };
  }
}

async function openNotices(campaignId, unitIds) {
  const lists = await Promise.all(
    unitIds.map((unitId) => getAll('/supervision-notices', { campaignId, unitId, status: 'issued' }).catch(() => [])),
  );
  return lists.flat();
}

/** 0 overdue (or a red / 通报 card), 1 due soon, 2 with a due date, 3 no due date yet, 4 closed. */
export function urgency(issue, ladder, dueSoonBy, today) {
  if (!OPEN.includes(issue.state)) return 4;
  const kinds = ladder.get(issue.id) ?? [];
  if (issue.overdue || kinds.includes('overdue') || kinds.includes('escalated') || (issue.dueOn && issue.dueOn < today)) return 0;
  if (kinds.includes('due_soon') || (issue.dueOn && dueSoonBy && issue.dueOn <= dueSoonBy)) return 1;
  return issue.dueOn ? 2 : 3;
}

function sortQueue(items) {
  return items.sort(
    (a, b) =>
      a.rank - b.rank ||
      String(a.dueOn ?? '9999').localeCompare(String(b.dueOn ?? '9999')) ||
      String(a.collectedAt ?? '').localeCompare(String(b.collectedAt ?? '')),
  );
}

function dueText(issue, today) {
  if (!issue.dueOn) return issue.state === 'pending' ? '待受理后承诺' : '—';
  const days = daysBetween(today, issue.dueOn);
  const when = !OPEN.includes(issue.state) ? '' : days < 0 ? `超期 ${-days} 天` : days === 0 ? '今天到期' : `还有 ${days} 天`;
  return [formatDate(issue.dueOn), when && h('small', { class: days < 0 ? 'late' : '' }, when)];
}

async function renderStats(el, ctx) {
  try {
    const report = await getJson(`/campaigns/${encodeURIComponent(ctx.campaign.id)}/report`, { unitId: ctx.unitId, format: 'json' });
    const row = (report.rows ?? []).find((r) => r.unitId === ctx.unitId);
    if (!row) {
      el.dataset.state = 'empty';
      return fill(el, h('p', { class: 'note small' }, '本单位暂无统计。'));
    }
    el.dataset.state = 'ready';
    const cell = (key, label, value) =>
      h(
        'div',
        { class: 'stat', dataset: { stat: key } },
        h('span', { class: 'stat-value' }, value),
        h('span', { class: 'stat-label' }, label),
      );
    fill(
      el,
      cell('enterprisesVisited', '走访企业(家)', String(row.enterprisesVisited ?? 0)),
      cell('activities', '帮扶活动(次)', String(row.activities ?? 0)),
      cell('issuesCollected', '收集问题(项)', String(row.issuesCollected ?? 0)),
      cell('issuesResolved', '已办结(项)', String(row.issuesResolved ?? 0)),
      cell('completionRate', '办结率', formatRate(row.completionRate)),
      cell('satisfactionRate', '满意率', formatRate(row.satisfactionRate)),
      cell('openOverdue', '超期未办结', String(row.openOverdue ?? 0)),
    );
  } catch (error) {
    el.dataset.state = error?.missingRoute ? 'unavailable' : 'error';
    fill(el, unavailableNote(error, '本单位统计'));
  }
}

export async function renderQueue(el, ctx, params, { queueHash }) {
  const stateKey = STATE_FILTERS[params.state] ? params.state : 'open';
  const stats = h(
    'div',
    { id: 'unit-stats', class: 'wb-stats', dataset: { state: 'loading' } },
    h('p', { class: 'note small' }, '统计加载中…'),
  );
  const body = h('div', { id: 'queue', dataset: { state: 'loading' } }, h('p', { class: 'note' }, '加载中…'));
  const filters = h('form', { class: 'filters wb-filters', id: 'queue-filters', onsubmit: (e) => e.preventDefault() });
  const children = ctx.subtree.slice(1);
  fill(
    el,
    h(
      'section',
      { class: 'card' },
      h(
        'div',
        { class: 'card-head' },
        h('h2', null, `${ctx.unit?.name ?? ctx.unitId} · 我的待办`, h('small', null, ` ${ctx.campaign.title ?? ''}`)),
        h('a', { class: 'button primary', href: '#/record', id: 'go-record' }, '＋ 记录走访和问题'),
      ),
      stats,
    ),
    h('section', { class: 'card' }, filters, body),
  );
  renderStats(stats, ctx);

  const campaignId = ctx.campaign.id;
  let issues;
  let ladder;
  let notices;
  let dueSoonBy = null;
  try {
    const dueSoonDays = ctx.campaign.sla?.dueSoonWorkingDays ?? 1; // the domain's default (campaign.defaults.ts)
    [issues, ladder, notices, dueSoonBy] = await Promise.all([
      Promise.all(ctx.subtree.map((unitId) => getAll('/issues', { campaignId, unitId }))).then((l) => l.flat()),
      ladderByIssue(campaignId),
      openNotices(campaignId, ctx.subtree),
      getJson('/calendar', { workingDays: dueSoonDays })
        .then((c) => c.dueOn)
        .catch(() => null),
    ]);
  } catch (error) {
    body.dataset.state = 'error';
    return fill(body, unavailableNote(error, '问题清单'));
  }
  await ctx.loadEnterpriseNames(issues.map((i) => i.enterpriseCode));
  const noticesByIssue = new Map();
  for (const n of notices) for (const id of n.issueIds ?? []) noticesByIssue.set(id, [...(noticesByIssue.get(id) ?? []), n]);
  const all = issues.map((i) => ({
    ...i,
    id: i.id ?? i.issueId,
    rank: urgency({ ...i, id: i.id ?? i.issueId }, ladder.byIssue, dueSoonBy, ctx.today),
  }));

  // ---- filters (in the URL, so a filtered queue is a link) ----
  const set = (changes) => {
    location.hash = queueHash({ ...params, ...changes });
  };
  // the campaign's catalogue in its order, then any other category recorded before it existed
  const catalogue = ctx.categories ?? [];
  const recorded = [...new Set(all.map((i) => i.category).filter((c) => c && !catalogue.includes(c)))];
  const categories = [...catalogue, ...recorded.sort((a, b) => a.localeCompare(b, 'zh-CN'))];
  const enterpriseInput = h('input', {
    type: 'search',
    name: 'enterprise',
    value: params.enterprise ?? '',
    placeholder: '案件编号、标题、企业名称或信用代码',
    'aria-label': '搜索',
    onchange: (e) => set({ enterprise: e.target.value.trim() }),
  });
  fill(
    filters,
    h(
      'label',
      null,
      '状态 ',
      h(
        'select',
        { name: 'state', onchange: (e) => set({ state: e.target.value === 'open' ? '' : e.target.value }) },
        Object.entries(STATE_FILTERS).map(([key, f]) => h('option', { value: key, selected: key === stateKey }, f.label)),
      ),
    ),
    h(
      'label',
      null,
      '类别 ',
      h(
        'select',
        { name: 'category', onchange: (e) => set({ category: e.target.value }) },
        h('option', { value: '' }, '全部类别'),
        categories.map((c) => h('option', { value: c, selected: c === params.category }, c)),
      ),
    ),
    h('label', null, '搜索 ', enterpriseInput),
    children.length
      ? h(
          'label',
          null,
          '单位 ',
          h(
            'select',
            { name: 'unit', onchange: (e) => set({ unit: e.target.value }) },
            h('option', { value: '' }, '本单位及下级'),
            h('option', { value: ctx.unitId, selected: params.unit === ctx.unitId }, `${ctx.unitName(ctx.unitId)}（本单位）`),
            children.map((id) => h('option', { value: id, selected: params.unit === id }, `${ctx.unitName(id)}（下级，只读）`)),
          ),
        )
      : null,
    params.category || params.enterprise || params.unit || params.state ? h('a', { href: '#/', class: 'clear' }, '清除筛选') : null,
  );

  const states = STATE_FILTERS[stateKey].states;
  const needle = (params.enterprise ?? '').trim().toUpperCase();
  const shown = sortQueue(
    all.filter(
      (i) =>
        (!states || states.includes(i.state)) &&
        (!params.category || i.category === params.category) &&
        (!params.unit || i.responsibleUnitId === params.unit) &&
        (!needle ||
          String(i.caseNumber ?? '').includes(needle) ||
          String(i.title ?? '')
            .toUpperCase()
            .includes(needle) ||
          String(i.enterpriseCode ?? '').includes(needle) ||
          String(ctx.enterpriseName(i.enterpriseCode) ?? '')
            .toUpperCase()
            .includes(needle)),
    ),
  );

  const openCount = all.filter((i) => OPEN.includes(i.state) && i.responsibleUnitId === ctx.unitId).length;
  const overdueCount = all.filter((i) => i.rank === 0 && i.responsibleUnitId === ctx.unitId).length;
  body.dataset.state = shown.length ? 'ready' : 'empty';
  body.dataset.count = String(shown.length);
  if (!shown.length) {
    return fill(
      body,
      h(
        'p',
        { class: 'note', id: 'queue-empty' },
        all.length ? '没有符合筛选条件的问题。' : '本单位在本次活动中还没有问题。先去“记录走访和问题”。',
      ),
    );
  }
  fill(
    body,
    h(
      'p',
      { class: 'note small', id: 'queue-summary' },
      `本单位未办结 ${openCount} 项，其中超期 ${overdueCount} 项；显示 ${shown.length} 项。`,
      children.length ? ' 下级单位的问题只读显示。' : '',
    ),
    h(
      'table',
      { class: 'list wb-queue' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['预警', '问题', '企业', '状态', '承诺时限', '责任单位'].map((t) => h('th', null, t)),
        ),
      ),
      h(
        'tbody',
        null,
        shown.map((i) => {
          const readOnly = i.responsibleUnitId !== ctx.unitId;
          const kinds = (ladder.byIssue.get(i.id) ?? []).sort((a, b) => LADDER.indexOf(a) - LADDER.indexOf(b));
          const name = ctx.enterpriseName(i.enterpriseCode);
          return h(
            'tr',
            {
              class: `rank-${i.rank}${readOnly ? ' readonly' : ''}`,
              dataset: { issueId: i.id, rank: i.rank, state: i.state, readonly: readOnly ? 'true' : 'false' },
            },
            h(
              'td',
              { class: 'badges', 'data-label': '预警' },
              kinds.map(ladderBadge),
              !kinds.length && i.rank === 0 ? ladderBadge('overdue') : null,
              !kinds.length && i.rank === 1 ? ladderBadge('due_soon') : null,
              (noticesByIssue.get(i.id) ?? []).map(noticeBadge),
            ),
            h(
              'td',
              { class: 'title', 'data-label': '问题' },
              h('a', { href: `#/issues/${encodeURIComponent(i.id)}`, class: 'issue-link' }, i.title ?? i.id),
              h(
                'small',
                null,
                `${i.caseNumber ? `${i.caseNumber} · ` : ''}${i.kind === 'suggestion' ? '建议' : '问题'} · ${i.category ?? ''}`,
              ),
            ),
            h('td', { 'data-label': '企业' }, name ?? '', h('small', { class: 'code' }, i.enterpriseCode ?? '')),
            h(
              'td',
              { 'data-label': '状态' },
              stateBadge(i.state),
              i.lastRating ? h('small', null, `评价：${RATINGS[i.lastRating] ?? i.lastRating}`) : null,
            ),
            h('td', { class: 'due', 'data-label': '承诺时限' }, dueText(i, ctx.today)),
            h(
              'td',
              { 'data-label': '责任单位' },
              ctx.unitName(i.responsibleUnitId),
              readOnly ? h('small', { class: 'ro' }, '下级单位 · 只读') : null,
            ),
          );
        }),
      ),
    ),
    ladder.error && !ladder.error.missingRoute ? h('p', { class: 'note small error' }, `预警暂不可用：${ladder.error.message}`) : null,
  );
}
