// The supervision office's desk (issue #18, docs/desk.md): the inbox of requests waiting for its
// decision (extension, withdrawal, resolution review) with approve / refuse and a reason; open
// alerts, each a starting point for a 督办单, a 催办 reminder or a 通报; the notices with close and
// print; a search over issues (case number, title, enterprise, credit code) with reopen, transfer,
// extend and 督办. Every command carries If-Match with the version shown; a conflict is explained.
import { getJson, listOf, session } from './api.js';
import { h, fill, $ } from './dom.js';
import { readHash } from './hash-route.js';
import { ALERT_KINDS, STATES } from './labels.js';
import { mountSignIn } from './signin.js';
import { command, isConflict, problemText } from './workbench-api.js';
import { renderCircular, renderNoticePrint } from './desk-print.js';

const app = $('#app');
const REQUEST_KINDS = { extension: '延期申请', withdrawal: '撤回申请', resolution: '办结审核' };
const DECIDE = {
  extension: { path: 'decide-extension', flag: 'approve', yes: '同意延期', no: '不同意' },
  withdrawal: { path: 'decide-withdrawal', flag: 'approve', yes: '同意撤回', no: '不同意' },
  resolution: { path: 'review-resolution', flag: 'accept', yes: '审核通过', no: '退回' },
};
export const NOTICE_LEVELS = { reminder: '催办', yellow: '黄牌督办', red: '红牌督办' };
const NOTICE_STATUS = { issued: '待回复', answered: '已回复', closed: '已结案' };

const names = { units: new Map(), enterprises: new Map() };
const unitName = (id) => names.units.get(id) ?? id ?? '';
const state = { campaignId: null, campaigns: [] };

mountSignIn($('#login'), { banner: $('#auth-banner'), onChange: () => route() });

function signedOut() {
  fill(
    app,
    h(
      'section',
      { class: 'card', dataset: { state: 'signed-out' } },
      h('h2', null, '请登录'),
      h('p', null, '督办专班在右上角用本人的账号和密码登录；登录只在本标签页有效。'),
    ),
  );
}

/** The conflict, in words: someone changed the issue (or notice) after this page showed it. */
export function conflictMessage(error, version, what = '该问题') {
  const current = error.problem?.currentVersion;
  return `⚠ ${what}已被他人修改：您看到的是第 ${version} 版${current ? `，现在是第 ${current} 版` : ''}。页面已刷新为最新内容，您的操作没有提交，请核对后重新操作。`;
}

function flash(kind, message) {
  const el = $('#desk-flash');
  if (!el) return;
  el.hidden = false;
  el.className = `flash ${kind}`;
  el.dataset.kind = kind;
  el.setAttribute('role', kind === 'ok' ? 'status' : 'alert');
  fill(el, message);
}

/** Runs a command; on success and on conflict the desk is drawn again (fresh versions). */
async function run(path, body, version, done, what) {
  try {
    await command(path, body, { ifMatch: version });
    await renderDesk();
    flash('ok', `✓ ${done}`);
    return true;
  } catch (error) {
    if (isConflict(error)) {
      await renderDesk();
      flash('conflict', conflictMessage(error, version, what));
    } else flash('error', problemText(error));
    return false;
  }
}

async function loadNames() {
  if (!names.units.size) {
    try {
      for (const u of listOf(await getJson('/units', { pageSize: 200 }), 'units')) names.units.set(u.id ?? u.unitId, u.name);
    } catch {
      /* ids then */
    }
  }
}

async function enterpriseNames(codes) {
  const missing = [...new Set(codes)].filter((c) => c && !names.enterprises.has(c));
  await Promise.all(
    missing.map(async (code) => {
      try {
        names.enterprises.set(code, (await getJson(`/enterprises/${encodeURIComponent(code)}`)).name);
      } catch {
        names.enterprises.set(code, '');
      }
    }),
  );
}

// ---------- routes ----------

function route() {
  if (!session.token) return signedOut();
  const { parts, params } = readHash();
  if (parts[0] === 'print' && parts[1] === 'notice' && parts[2])
    return renderNoticePrint(app, parts[2], { unitName, enterpriseNames, names });
  if (parts[0] === 'print' && parts[1] === 'circular') return renderCircular(app, params, { unitName, names });
  return renderDesk();
}
window.addEventListener('hashchange', () => route());
route();

// ---------- the desk ----------

async function renderDesk() {
  await loadNames();
  try {
    state.campaigns = listOf(await getJson('/campaigns'), 'campaigns').map((c) => ({ ...c, id: c.id ?? c.campaignId }));
  } catch (error) {
    return fill(
      app,
      h('p', { class: 'note error', id: 'desk-error' }, error.status === 401 ? '请先登录（督办专班账号）。' : problemText(error)),
    );
  }
  state.campaignId ??= [...state.campaigns].sort((a, b) => String(b.startsOn).localeCompare(String(a.startsOn)))[0]?.id ?? null;
  const search = h('input', {
    type: 'search',
    id: 'desk-search',
    name: 'q',
    placeholder: '案件编号、标题、企业名称或信用代码',
    'aria-label': '搜索问题',
  });
  const results = h('section', { class: 'card', id: 'search-results', hidden: true });
  const noticeForm = h('section', { class: 'card', id: 'notice-form-card', hidden: true });
  const issuePanel = h('section', { class: 'card', id: 'issue-panel', hidden: true });
  const inbox = h(
    'section',
    { class: 'card', id: 'inbox', dataset: { state: 'loading' } },
    h('h2', null, '待审批'),
    h('p', { class: 'note' }, '加载中…'),
  );
  const alerts = h('section', { class: 'card', id: 'desk-alerts', dataset: { state: 'loading' } }, h('h2', null, '预警'));
  const notices = h('section', { class: 'card', id: 'desk-notices', dataset: { state: 'loading' } }, h('h2', null, '督办单'));
  fill(
    app,
    h(
      'section',
      { class: 'card toolbar' },
      h(
        'label',
        null,
        '活动 ',
        h(
          'select',
          { id: 'desk-campaign', onchange: (e) => ((state.campaignId = e.target.value), renderDesk()) },
          state.campaigns.map((c) => h('option', { value: c.id, selected: c.id === state.campaignId }, c.title ?? c.id)),
        ),
      ),
      h('span', { class: 'spacer' }),
      h(
        'form',
        {
          class: 'jump',
          id: 'desk-search-form',
          onsubmit: (e) => {
            e.preventDefault();
            searchIssues(results, search.value.trim(), { noticeForm, issuePanel });
          },
        },
        search,
        h('button', { type: 'submit' }, '搜索'),
      ),
      h('button', { type: 'button', id: 'new-notice', onclick: () => openNoticeForm(noticeForm, {}) }, '发督办单'),
    ),
    h('div', { id: 'desk-flash', hidden: true }),
    results,
    noticeForm,
    issuePanel,
    h('div', { class: 'desk-grid' }, inbox, alerts),
    notices,
  );
  // Arriving from the dashboard: its search box (/desk?q=…) or a unit row's 督办 link (#/?unitId=…).
  const { params } = readHash();
  const q = params.q ?? new URLSearchParams(location.search).get('q');
  if (q) {
    search.value = q;
    searchIssues(results, q, { noticeForm, issuePanel });
  }
  if (params.unitId) openNoticeForm(noticeForm, { unitId: params.unitId });
  await Promise.all([drawInbox(inbox), drawAlerts(alerts, noticeForm), drawNotices(notices)]);
}

async function drawInbox(el) {
  let items;
  try {
    items = listOf(await getJson('/inbox', { campaignId: state.campaignId }));
  } catch (error) {
    el.dataset.state = 'error';
    return fill(el, h('h2', null, '待审批'), h('p', { class: 'note error' }, problemText(error)));
  }
  el.dataset.state = 'ready';
  el.dataset.count = String(items.length);
  fill(
    el,
    h('h2', null, `待审批 `, h('small', null, `${items.length} 件`)),
    items.length
      ? h(
          'table',
          null,
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['类别', '案件', '单位', '申请内容', '审批'].map((t) => h('th', null, t)),
            ),
          ),
          h(
            'tbody',
            null,
            items.map((i) => {
              const d = DECIDE[i.kind];
              const reason = h('textarea', {
                name: 'reason',
                rows: 1,
                maxlength: 4000,
                placeholder: '意见（不同意时必填）',
                'aria-label': '审批意见',
              });
              const decide = (yes) =>
                run(
                  `/issues/${encodeURIComponent(i.issueId)}/${d.path}`,
                  { [d.flag]: yes, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) },
                  i.version,
                  `${REQUEST_KINDS[i.kind]}：${yes ? d.yes : d.no}`,
                );
              return h(
                'tr',
                { dataset: { issueId: i.issueId, kind: i.kind, version: i.version } },
                h('td', null, REQUEST_KINDS[i.kind]),
                h(
                  'td',
                  null,
                  h('span', { class: 'case-number' }, i.caseNumber ?? ''),
                  h('br'),
                  i.title,
                  h('br'),
                  h('small', null, i.enterpriseName ?? i.enterpriseCode),
                ),
                h('td', null, unitName(i.responsibleUnitId)),
                h(
                  'td',
                  null,
                  i.kind === 'extension' ? `承诺时限 ${i.dueOn ?? '—'} → ${i.requestedDueOn}；` : '',
                  i.reason ?? i.resolution ?? '',
                  i.requestedOn ? h('small', null, `（${i.requestedOn} 提交）`) : null,
                ),
                h(
                  'td',
                  null,
                  h(
                    'div',
                    { class: 'decide' },
                    reason,
                    h('button', { type: 'button', class: 'primary', dataset: { decide: 'approve' }, onclick: () => decide(true) }, d.yes),
                    h('button', { type: 'button', class: 'danger', dataset: { decide: 'refuse' }, onclick: () => decide(false) }, d.no),
                  ),
                ),
              );
            }),
          ),
        )
      : h('p', { class: 'note', id: 'inbox-empty' }, '没有待审批的申请。'),
  );
}

async function drawAlerts(el, noticeForm) {
  let alerts;
  try {
    alerts = listOf(await getJson('/alerts', { campaignId: state.campaignId, open: 'true', limit: 200 }), 'alerts');
  } catch (error) {
    el.dataset.state = 'error';
    return fill(el, h('h2', null, '预警'), h('p', { class: 'note error' }, problemText(error)));
  }
  el.dataset.state = 'ready';
  const unitAlerts = alerts.filter((a) => !a.issueId);
  fill(
    el,
    h(
      'div',
      { class: 'card-head' },
      h('h2', null, '预警 ', h('small', null, `${alerts.length} 条未解除`)),
      unitAlerts.length
        ? h('a', { href: `#/print/circular?campaignId=${encodeURIComponent(state.campaignId)}`, id: 'print-circular' }, '打印通报')
        : null,
    ),
    alerts.length
      ? h(
          'table',
          null,
          h(
            'tbody',
            null,
            alerts.map((a) =>
              h(
                'tr',
                { dataset: { alertId: a.alertId, kind: a.kind, unitId: a.unitId, issueId: a.issueId ?? '' } },
                h('td', null, ALERT_KINDS[a.kind]?.label ?? a.kind),
                h(
                  'td',
                  null,
                  a.unitName ?? unitName(a.unitId),
                  a.issueId ? h('br') : null,
                  a.issueId ? h('small', null, `问题 ${a.issueId}`) : null,
                ),
                h('td', null, String(a.raisedAt ?? '').slice(0, 10)),
                h(
                  'td',
                  { class: 'row-actions' },
                  h(
                    'button',
                    {
                      type: 'button',
                      dataset: { action: 'notice-from-alert' },
                      onclick: () =>
                        openNoticeForm(noticeForm, {
                          unitId: a.unitId,
                          issueIds: a.issueId ? [a.issueId] : [],
                          level: ['overdue', 'escalated', 'notice_overdue'].includes(a.kind) ? 'red' : 'yellow',
                          reason: `${ALERT_KINDS[a.kind]?.label ?? a.kind}：请于回复期限前说明情况并整改。`,
                        }),
                    },
                    '发督办单',
                  ),
                  h(
                    'button',
                    {
                      type: 'button',
                      dataset: { action: 'remind' },
                      onclick: () =>
                        issueNotice({
                          campaignId: state.campaignId,
                          unitId: a.unitId,
                          issueIds: a.issueId ? [a.issueId] : [],
                          level: 'reminder',
                          reason: `催办：${ALERT_KINDS[a.kind]?.label ?? a.kind}，请抓紧办理。`,
                        }),
                    },
                    '催办',
                  ),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'note' }, '没有未解除的预警。'),
  );
}

async function issueNotice(body) {
  try {
    const r = await command('/supervision-notices', body);
    await renderDesk();
    flash('ok', `✓ 已发出${NOTICE_LEVELS[body.level]}（${unitName(body.unitId)}）`);
    return r;
  } catch (error) {
    flash('error', problemText(error));
    return null;
  }
}

/** The 督办单 form: level, reason, respond-by, the issues it covers; prefilled from an alert, a unit or an issue. */
function openNoticeForm(card, preset) {
  card.hidden = false;
  const unitSelect = h(
    'select',
    { name: 'unitId', id: 'notice-unit' },
    [...names.units].map(([id, name]) => h('option', { value: id, selected: id === preset.unitId }, name)),
  );
  const form = h(
    'form',
    {
      class: 'inline',
      id: 'notice-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(form).entries());
        const issueIds = String(data.issueIds ?? '')
          .split(/[\s,，]+/)
          .filter(Boolean);
        const body = { campaignId: state.campaignId, unitId: data.unitId, issueIds, level: data.level, reason: String(data.reason).trim() };
        if (data.respondBy) body.respondBy = data.respondBy;
        if (await issueNotice(body)) card.hidden = true;
      },
    },
    h('label', null, '督办单位', unitSelect),
    h(
      'label',
      null,
      '级别',
      h(
        'select',
        { name: 'level', id: 'notice-level' },
        Object.entries(NOTICE_LEVELS).map(([v, l]) => h('option', { value: v, selected: v === (preset.level ?? 'yellow') }, l)),
      ),
    ),
    h('label', null, '回复期限', h('input', { type: 'date', name: 'respondBy', id: 'notice-respond-by' })),
    h(
      'label',
      null,
      '督办事由',
      h('textarea', { name: 'reason', id: 'notice-reason', rows: 2, maxlength: 4000, value: preset.reason ?? '' }),
    ),
    h(
      'label',
      null,
      '涉及问题（ID，逗号分隔）',
      h('input', { type: 'text', name: 'issueIds', id: 'notice-issues', value: (preset.issueIds ?? []).join(',') }),
    ),
    h('button', { type: 'submit', class: 'primary' }, '发出督办单'),
    h('button', { type: 'button', onclick: () => (card.hidden = true) }, '取消'),
  );
  fill(card, h('h2', null, '发督办单'), form);
  card.scrollIntoView?.({ block: 'nearest' });
}

async function drawNotices(el) {
  let items;
  try {
    items = listOf(await getJson('/supervision-notices', { campaignId: state.campaignId, pageSize: 200 }), 'notices');
  } catch (error) {
    el.dataset.state = 'error';
    return fill(el, h('h2', null, '督办单'), h('p', { class: 'note error' }, problemText(error)));
  }
  el.dataset.state = 'ready';
  fill(
    el,
    h('h2', null, '督办单 ', h('small', null, `${items.length} 份`)),
    items.length
      ? h(
          'table',
          null,
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['单位', '级别', '事由', '回复期限', '状态', '操作'].map((t) => h('th', null, t)),
            ),
          ),
          h(
            'tbody',
            null,
            items.map((n) => {
              const outcome = h('input', { type: 'text', name: 'outcome', placeholder: '结案意见', 'aria-label': '结案意见' });
              return h(
                'tr',
                { dataset: { noticeId: n.id, status: n.status, version: n.version } },
                h('td', null, unitName(n.unitId)),
                h('td', null, NOTICE_LEVELS[n.level] ?? n.level),
                h(
                  'td',
                  null,
                  n.reason,
                  n.response ? h('div', { class: 'note small' }, `回复：${n.response}`) : null,
                  n.outcome ? h('div', { class: 'note small' }, `结案：${n.outcome}`) : null,
                ),
                h('td', null, n.respondBy ?? ''),
                h('td', { class: 'notice-status' }, NOTICE_STATUS[n.status] ?? n.status),
                h(
                  'td',
                  { class: 'row-actions' },
                  h('a', { href: `#/print/notice/${encodeURIComponent(n.id)}`, dataset: { action: 'print' } }, '打印'),
                  n.status !== 'closed'
                    ? [
                        h(
                          'button',
                          {
                            type: 'button',
                            dataset: { action: 'remind' },
                            onclick: () =>
                              issueNotice({
                                campaignId: n.campaignId,
                                unitId: n.unitId,
                                issueIds: n.issueIds ?? [],
                                level: 'reminder',
                                reason: `催办：${n.reason}`,
                              }),
                          },
                          '催办',
                        ),
                        outcome,
                        h(
                          'button',
                          {
                            type: 'button',
                            dataset: { action: 'close' },
                            onclick: () =>
                              run(
                                `/supervision-notices/${encodeURIComponent(n.id)}/close`,
                                { outcome: outcome.value.trim() },
                                n.version,
                                '已结案',
                                '该督办单',
                              ),
                          },
                          '结案',
                        ),
                      ]
                    : null,
                ),
              );
            }),
          ),
        )
      : h('p', { class: 'note' }, '还没有督办单。'),
  );
}

// ---------- search and the issue's own actions ----------

async function searchIssues(el, q, panels) {
  el.hidden = false;
  el.dataset.state = 'loading';
  if (!q) return fill(el, h('p', { class: 'note' }, '请输入案件编号、标题、企业名称或信用代码。'));
  let page;
  try {
    page = await getJson('/issues', { q, pageSize: 50 });
  } catch (error) {
    el.dataset.state = 'error';
    return fill(el, h('p', { class: 'note error' }, problemText(error)));
  }
  const items = listOf(page);
  await enterpriseNames(items.map((i) => i.enterpriseCode));
  el.dataset.state = 'ready';
  el.dataset.count = String(items.length);
  fill(
    el,
    h('h2', null, `搜索“${q}” `, h('small', null, `${page.total ?? items.length} 件`)),
    items.length
      ? h(
          'table',
          null,
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['案件编号', '标题', '企业', '责任单位', '状态', '承诺时限', ''].map((t) => h('th', null, t)),
            ),
          ),
          h(
            'tbody',
            null,
            items.map((i) =>
              h(
                'tr',
                { dataset: { issueId: i.id } },
                h('td', { class: 'case-number' }, i.caseNumber ?? ''),
                h('td', null, h('a', { href: `/#/issues/${encodeURIComponent(i.id)}` }, i.title)),
                h('td', null, names.enterprises.get(i.enterpriseCode) || '', h('br'), h('small', null, i.enterpriseCode)),
                h('td', null, unitName(i.responsibleUnitId)),
                h('td', null, STATES[i.state] ?? i.state, i.overdue ? ' · 超期' : ''),
                h('td', null, i.dueOn ?? '—'),
                h(
                  'td',
                  { class: 'row-actions' },
                  h(
                    'button',
                    { type: 'button', dataset: { action: 'manage' }, onclick: () => openIssuePanel(panels.issuePanel, i.id) },
                    '办理',
                  ),
                  h(
                    'button',
                    {
                      type: 'button',
                      dataset: { action: 'notice' },
                      onclick: () => openNoticeForm(panels.noticeForm, { unitId: i.responsibleUnitId, issueIds: [i.id], level: 'yellow' }),
                    },
                    '督办',
                  ),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'note', id: 'search-empty' }, '没有找到。'),
  );
}

/** Reopen, transfer, extend one issue, with the version the panel showed. */
async function openIssuePanel(card, issueId) {
  card.hidden = false;
  let issue;
  try {
    issue = await getJson(`/issues/${encodeURIComponent(issueId)}`);
  } catch (error) {
    return fill(card, h('p', { class: 'note error' }, problemText(error)));
  }
  const enc = encodeURIComponent(issueId);
  const form = (action, label, fields, body) => {
    const f = h(
      'form',
      {
        class: 'inline',
        dataset: { action },
        onsubmit: async (e) => {
          e.preventDefault();
          if (await run(`/issues/${enc}/${action}`, body(Object.fromEntries(new FormData(f).entries())), issue.version, label))
            card.hidden = true;
        },
      },
      fields,
      h('button', { type: 'submit' }, label),
    );
    return f;
  };
  const open = ['pending', 'in_progress'].includes(issue.status);
  fill(
    card,
    h(
      'h2',
      null,
      `${issue.caseNumber ?? ''} ${issue.title ?? ''} `,
      h('small', null, `${STATES[issue.status] ?? issue.status} · 第 ${issue.version} 版`),
    ),
    open && issue.dueOn
      ? form(
          'extend-deadline',
          '延长时限',
          [
            h('label', null, '新的承诺时限', h('input', { type: 'date', name: 'dueOn', required: true })),
            h('label', null, '理由', h('input', { type: 'text', name: 'reason', required: true })),
          ],
          (d) => ({ dueOn: d.dueOn, reason: d.reason }),
        )
      : null,
    open
      ? form(
          'transfer',
          '转办',
          [
            h(
              'label',
              null,
              '接办单位',
              h(
                'select',
                { name: 'toUnitId' },
                [...names.units].filter(([id]) => id !== issue.responsibleUnitId).map(([id, n]) => h('option', { value: id }, n)),
              ),
            ),
            h('label', null, '理由', h('input', { type: 'text', name: 'reason', required: true })),
          ],
          (d) => ({ toUnitId: d.toUnitId, reason: d.reason }),
        )
      : null,
    issue.status === 'resolved'
      ? form('reopen', '重办', [h('label', null, '理由', h('input', { type: 'text', name: 'reason', required: true }))], (d) => ({
          reason: d.reason,
        }))
      : null,
  );
}
