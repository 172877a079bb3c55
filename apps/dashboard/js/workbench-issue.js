// One issue, advanced by its responsible unit: accept (due date proposed from the working-day
// calendar), progress, resolve, transfer, withdraw, callback feedback, reopen after a dissatisfied
// rating, answer a supervision notice. Every command carries If-Match with the version this page
// showed; a 409/412 reloads the issue and says that someone else changed it, keeping what was typed.
// After resolution: the enterprise's own feedback link, with a copy button and a QR code to print.
import { ApiError, getJson, listOf } from './api.js';
import { h, fill } from './dom.js';
import { formatDate, formatDateTime, formatLag } from './format.js';
import { EVENT_TYPES, FORMS, LEVELS, RATINGS, ROLES } from './labels.js';
import { command, isConflict, problemText } from './workbench-api.js';
import { errorSlot, showProblem } from './workbench-record.js';
import { ladderBadge, noticeBadge, stateBadge } from './workbench-queue.js';
import { attachmentList, attachmentPicker, attachmentsOf } from './attachments.js';
import { blockedByRequest, requestNotes } from './workbench-requests.js';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const CHANNELS = { callback: '电话回访', on_site: '现场回访', enterprise_link: '企业自评（反馈链接）' };
const weekday = (date) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];

/** The actions of DESIGN §3's life cycle, in the order the page offers them. */
const ACTIONS = [
  { key: 'accept', label: '受理', states: ['pending'], fields: ['dueOn', 'handler'] },
  { key: 'progress', label: '记录办理进展', states: ['in_progress'], fields: ['note'] },
  { key: 'resolve', label: '办结', states: ['pending', 'in_progress'], fields: ['resolution'] },
  {
    key: 'feedback',
    label: '录入回访评价',
    states: ['resolved'],
    when: (i) => !i.ratedThisCycle,
    fields: ['rating', 'channel', 'comment'],
  },
  { key: 'reopen', label: '重办', states: ['resolved'], when: (i) => i.lastRating === 'dissatisfied', fields: ['reason'] },
  { key: 'transfer', label: '转办', states: ['pending', 'in_progress'], fields: ['toUnitId', 'reason'] },
  { key: 'withdraw', label: '撤回 / 不予受理', states: ['pending', 'in_progress'], fields: ['reason'] },
  {
    key: 'request-extension',
    label: '申请延期',
    states: ['in_progress'],
    when: (i) => Boolean(i.dueOn) && !i.extensionRequest,
    fields: ['dueOn', 'reason'],
  },
];

function field(label, input, name, hint) {
  return h('div', { class: 'field' }, h('label', null, h('span', { class: 'label' }, label), input), hint ?? null, errorSlot(name));
}

/** What each form holds, kept across a reload after a conflict so nothing typed is lost. */
function readDrafts(root) {
  const drafts = {};
  for (const form of root.querySelectorAll('form[data-action]')) {
    const key = form.dataset.noticeId ? `answer:${form.dataset.noticeId}` : form.dataset.action;
    for (const input of form.querySelectorAll('input, select, textarea')) {
      if (!input.name) continue;
      if (input.type === 'radio') {
        if (input.checked) drafts[`${key}:${input.name}`] = input.value;
      } else if (input.value) drafts[`${key}:${input.name}`] = input.value;
    }
  }
  return drafts;
}

function restoreDrafts(root, drafts) {
  for (const form of root.querySelectorAll('form[data-action]')) {
    const key = form.dataset.noticeId ? `answer:${form.dataset.noticeId}` : form.dataset.action;
    let touched = false;
    for (const input of form.querySelectorAll('input, select, textarea')) {
      const value = drafts[`${key}:${input.name}`];
      if (value === undefined) continue;
      if (input.type === 'radio') input.checked = input.value === value;
      else input.value = value;
      touched = true;
    }
    if (touched) form.closest('details')?.setAttribute('open', '');
  }
}

function describe(e, ctx) {
  const d = e.data ?? {};
  const parts = [];
  if (d.title) parts.push(`「${d.title}」`);
  if (d.category) parts.push(`类别 ${d.category}`);
  if (d.enterpriseCode) parts.push(`企业 ${ctx.enterpriseName(d.enterpriseCode) ?? ''} ${d.enterpriseCode}`);
  if (d.dueOn) parts.push(`承诺时限 ${formatDate(d.dueOn)}`);
  if (d.handler) parts.push(`经办人 ${d.handler}`);
  if (d.toUnitId) parts.push(`${ctx.unitName(d.fromUnitId)} → ${ctx.unitName(d.toUnitId)}`);
  if (d.rating) parts.push(`评价 ${RATINGS[d.rating] ?? d.rating}（${CHANNELS[d.channel] ?? d.channel ?? ''}）`);
  for (const key of ['note', 'resolution', 'reason', 'comment', 'description']) if (d[key]) parts.push(d[key]);
  if (d.form) parts.push(FORMS[d.form] ?? d.form);
  return parts.join('；');
}

function who(e, ctx) {
  const actor = e.actor ?? e.metadata?.actor ?? {};
  if (String(actor.userId ?? '').startsWith('enterprise:')) return '企业本身（反馈链接）';
  const unit = actor.unitId ? ` · ${ctx.unitName(actor.unitId)}` : '';
  return `${ROLES[actor.role] ?? actor.role ?? ''} ${actor.userName ?? ''}${unit}`.trim();
}

function timeline(events, ctx) {
  return h(
    'ol',
    { class: 'timeline', dataset: { testid: 'timeline' } },
    events.map((e) =>
      h(
        'li',
        { class: `event${e.lateRecording ? ' late' : ''}`, dataset: { type: e.type, version: e.streamVersion } },
        h(
          'div',
          { class: 'event-head' },
          h('span', { class: 'version' }, `#${e.streamVersion}`),
          h('strong', null, EVENT_TYPES[e.type] ?? e.type),
        ),
        h('div', { class: 'event-who' }, who(e, ctx)),
        h(
          'div',
          { class: 'event-times' },
          h('span', { title: '业务发生时间 occurredAt' }, '发生 ', formatDateTime(e.occurredAt)),
          h('span', { title: '系统录入时间 recordedAt' }, '录入 ', formatDateTime(e.recordedAt)),
          e.demoHistory
            ? h('span', { class: 'lag demo' }, '演示历史')
            : h('span', { class: e.lateRecording ? 'lag late' : 'lag' }, formatLag(e.occurredAt, e.recordedByClock ?? e.recordedAt)),
        ),
        h('div', { class: 'event-data' }, describe(e, ctx)),
        attachmentList(e.data?.attachments, `/issues/${encodeURIComponent(String(e.streamId ?? '').replace(/^issue-/, ''))}`),
        e.overdueNoLongerCounts && h('div', { class: 'note superseded' }, e.overdueNoLongerCounts.note),
      ),
    ),
  );
}

/** "其间：端午节 06-22 至 06-24 放假；06-25 调休上班" from GET /calendar's days. */
function calendarNote(days) {
  const off = days.filter((d) => !d.isWorkday && d.name);
  const on = days.filter((d) => d.isWorkday && d.name);
  const groups = [];
  for (const d of off) {
    const last = groups.at(-1);
    if (last && last.name === d.name) last.to = d.date;
    else groups.push({ name: d.name, from: d.date, to: d.date });
  }
  const parts = groups.map((g) => `${g.name} ${g.from.slice(5)}${g.to !== g.from ? ` 至 ${g.to.slice(5)}` : ''} 放假`);
  for (const d of on) parts.push(`${d.date.slice(5)} 调休上班`);
  return parts.length ? `其间：${parts.join('；')}（已按工作日计算）` : '已跳过周末。';
}

async function acceptForm(ctx) {
  const sla = ctx.campaign?.sla?.resolveWithinWorkingDays ?? 15;
  const dueOn = h('input', { type: 'date', name: 'dueOn', id: 'accept-due-on', min: ctx.today });
  const proposal = h('p', { id: 'proposed-due-on', class: 'proposal', dataset: { state: 'loading' } }, '正在按工作日计算承诺时限…');
  try {
    const cal = await getJson('/calendar', { workingDays: sla });
    dueOn.value = cal.dueOn;
    proposal.dataset.state = 'ready';
    proposal.dataset.dueOn = cal.dueOn;
    fill(
      proposal,
      `按本次活动时限 ${sla} 个工作日，自今天（${cal.today}）起算，建议承诺办结日期：`,
      h('strong', null, `${cal.dueOn}（${weekday(cal.dueOn)}）`),
      h('br'),
      h('small', null, calendarNote(cal.days ?? [])),
      cal.officialCalendarCovers === false
        ? h('small', { class: 'warn' }, ' 注意：官方节假日安排尚未覆盖该年份，按周一至周五计算。')
        : null,
    );
  } catch (error) {
    proposal.dataset.state = 'error';
    fill(proposal, `无法取得工作日历（${error.message}）；不填日期时由系统按 ${sla} 个工作日计算。`);
  }
  return [
    proposal,
    h(
      'div',
      { class: 'grid-fields' },
      field('承诺办结日期', dueOn, 'dueOn', h('small', { class: 'hint' }, '可按实际情况调整')),
      field('经办人（可选）', h('input', { type: 'text', name: 'handler', maxlength: 100 }), 'handler'),
    ),
  ];
}

function unitOptions(ctx, exclude) {
  const byLevel = {};
  for (const u of ctx.units.values()) {
    if (u.id === exclude || u.status === 'retired') continue;
    (byLevel[u.level] ??= []).push(u);
  }
  return [
    h('option', { value: '' }, '— 选择接办单位 —'),
    Object.entries(LEVELS)
      .filter(([level]) => byLevel[level])
      .map(([level, label]) =>
        h(
          'optgroup',
          { label },
          byLevel[level].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map((u) => h('option', { value: u.id }, u.name)),
        ),
      ),
  ];
}

async function actionBody(action, ctx, issue) {
  switch (action.key) {
    case 'accept':
      return acceptForm(ctx);
    case 'progress':
      return [field('进展情况', h('textarea', { name: 'note', rows: 3, maxlength: 4000, placeholder: '已做了什么、下一步' }), 'note')];
    case 'resolve':
      return [
        field(
          '办结情况',
          h('textarea', { name: 'resolution', rows: 3, maxlength: 4000, placeholder: '如何解决的、给企业的答复' }),
          'resolution',
          issue.status === 'pending' ? h('small', { class: 'hint' }, '当场办结：未受理的问题也可直接办结。') : null,
        ),
        attachmentPicker({ id: 'resolve-attachments', label: '办结材料（现场照片、文件）' }),
      ];
    case 'transfer':
      return [
        field('接办单位', h('select', { name: 'toUnitId', id: 'transfer-to' }, unitOptions(ctx, issue.responsibleUnitId)), 'toUnitId'),
        field('转办理由（必填）', h('textarea', { name: 'reason', rows: 2, maxlength: 4000 }), 'reason'),
      ];
    case 'withdraw':
      return [
        field(
          '撤回理由（必填）',
          h('textarea', { name: 'reason', rows: 2, maxlength: 4000, placeholder: '如：不属于本次活动范围；与某问题重复' }),
          'reason',
          h('small', { class: 'hint' }, '撤回须经督办专班审核（活动另有设置的除外）；同意后不计入收集和办结数，且不可恢复。'),
        ),
      ];
    case 'feedback':
      return [
        h(
          'fieldset',
          { class: 'ratings' },
          h('legend', null, '企业评价'),
          Object.entries(RATINGS).map(([value, label]) =>
            h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'rating', value }), ` ${label}`),
          ),
          errorSlot('rating'),
        ),
        field(
          '回访方式',
          h(
            'select',
            { name: 'channel' },
            h('option', { value: 'callback' }, CHANNELS.callback),
            h('option', { value: 'on_site' }, CHANNELS.on_site),
          ),
          'channel',
        ),
        field('企业意见（可选）', h('textarea', { name: 'comment', rows: 2, maxlength: 4000 }), 'comment'),
        h('p', { class: 'note small' }, '单位录入的评价标记为“回访”；企业也可以用下方的反馈链接自己评价（每次办结只评价一次）。'),
      ];
    case 'request-extension':
      return [
        field('申请延期至', h('input', { type: 'date', name: 'dueOn', id: 'extension-due-on', min: issue.dueOn }), 'dueOn'),
        field('延期理由（必填）', h('textarea', { name: 'reason', rows: 2, maxlength: 4000 }), 'reason'),
        h('small', { class: 'hint' }, '由督办专班审批；同意后承诺时限改为申请的日期。'),
      ];
    case 'reopen':
      return [field('重办理由（必填）', h('textarea', { name: 'reason', rows: 2, maxlength: 4000 }), 'reason')];
    default:
      return [];
  }
}

function bodyOf(action, form) {
  const data = Object.fromEntries(new FormData(form).entries());
  for (const [k, v] of Object.entries(data)) data[k] = typeof v === 'string' ? v.trim() : v;
  if (action === 'accept' && !data.handler) delete data.handler;
  if (action === 'accept' && !data.dueOn) delete data.dueOn;
  if (action === 'feedback' && !data.comment) delete data.comment;
  return { ...data, ...attachmentsOf(form) };
}

const SUCCESS = {
  accept: '已受理',
  progress: '已记录进展',
  resolve: '已办结',
  transfer: '已转办',
  withdraw: '已提交撤回（需审核的，待督办专班同意后生效）',
  'request-extension': '已提交延期申请，待督办专班审批',
  feedback: '已录入评价',
  reopen: '已重办',
  answer: '已回复督办',
};

/** The enterprise's feedback link: copy, QR code, print a callback sheet. */
async function feedbackLinkPanel(el, ctx, issue) {
  el.dataset.state = 'loading';
  let link;
  try {
    link = await getJson(`/issues/${encodeURIComponent(issue.id)}/feedback-link`);
  } catch (error) {
    el.dataset.state = 'error';
    return fill(el, h('p', { class: 'note error' }, `反馈链接不可用：${error.message}`));
  }
  if (link.rated || link.used || issue.ratedThisCycle) {
    el.dataset.state = 'rated';
    return fill(
      el,
      h(
        'p',
        { class: 'note' },
        `本次办结已评价：${RATINGS[issue.lastRating] ?? issue.lastRating ?? '已评价'}。反馈链接已失效（每次办结只评价一次）。`,
      ),
    );
  }
  const input = h('input', {
    type: 'text',
    id: 'feedback-link',
    readonly: true,
    value: link.url,
    'aria-label': '企业反馈链接',
    onfocus: (e) => e.target.select(),
  });
  const copied = h('span', { id: 'copy-status', class: 'copy-status', 'aria-live': 'polite' });
  const copy = h(
    'button',
    {
      type: 'button',
      id: 'copy-feedback-link',
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(link.url);
        } catch {
          input.select();
          document.execCommand?.('copy'); // no clipboard API outside a secure context
        }
        copied.textContent = '已复制，可粘贴到短信或微信发给企业';
        copied.dataset.state = 'copied';
      },
    },
    '复制链接',
  );
  const qr = h('div', { id: 'feedback-qr', class: 'qr', dataset: { state: 'loading' } });
  el.dataset.state = 'ready';
  const sheet = h(
    'div',
    { id: 'callback-sheet', class: 'callback-sheet' },
    h('h3', null, '企业满意度回访单'),
    h(
      'dl',
      null,
      h('dt', null, '问题'),
      h('dd', null, issue.title ?? ''),
      h('dt', null, '企业'),
      h('dd', null, `${ctx.enterpriseName(issue.enterpriseCode) ?? ''} ${issue.enterpriseCode ?? ''}`),
      h('dt', null, '办理单位'),
      h('dd', null, ctx.unitName(issue.responsibleUnitId)),
      h('dt', null, '办结日期'),
      h('dd', null, formatDate(issue.resolvedOn)),
    ),
    qr,
    h('p', { class: 'small' }, '请企业负责人用手机扫码，对办理结果作出评价（满意 / 基本满意 / 不满意）。'),
    h('p', { class: 'small url' }, link.url),
    h('p', { class: 'small' }, `链接有效期至 ${formatDateTime(link.expiresAt)}，仅可评价一次。`),
  );
  fill(
    el,
    h('p', null, '把此链接发给企业，由企业自己评价本次办结（无需账号，只能使用一次）：'),
    h('div', { class: 'copy-row' }, input, copy),
    copied,
    sheet,
    h('button', { type: 'button', id: 'print-sheet', onclick: () => window.print() }, '打印回访单'),
  );
  try {
    const { default: qrcode } = await import('/assets/vendor/qrcode.mjs');
    const code = qrcode(0, 'M');
    code.addData(link.url);
    code.make();
    qr.innerHTML = code.createSvgTag({ cellSize: 4, margin: 8, scalable: true, alt: '企业反馈链接二维码' });
    qr.dataset.state = 'ready';
    qr.dataset.modules = String(code.getModuleCount());
  } catch (error) {
    qr.dataset.state = 'error';
    fill(qr, h('p', { class: 'note error' }, `二维码生成失败：${error.message}`));
  }
}

export async function renderIssue(el, ctx, issueId, options = {}) {
  const { flash, drafts, queueHash } = options;
  const enc = encodeURIComponent(issueId);
  const head = h('section', { class: 'card', id: 'issue-head', dataset: { state: 'loading' } }, h('p', { class: 'note' }, '加载中…'));
  const banner = h('div', { id: 'issue-flash', hidden: !flash });
  const actions = h('section', { class: 'card', id: 'issue-actions' });
  const linkPanel = h('section', { class: 'card', id: 'feedback-link-panel', hidden: true });
  const notices = h('section', { class: 'card', id: 'issue-notices', hidden: true });
  const trail = h('section', { class: 'card', id: 'issue-timeline' }, h('h2', null, '办理轨迹'), h('p', { class: 'note' }, '加载中…'));
  fill(
    el,
    h('p', { class: 'crumbs' }, h('a', { href: queueHash?.() ?? '#/', class: 'back' }, '← 我的待办')),
    banner,
    head,
    notices,
    linkPanel,
    actions,
    trail,
  );
  if (flash) {
    banner.className = `flash ${flash.kind}`;
    banner.dataset.kind = flash.kind;
    banner.setAttribute('role', flash.kind === 'conflict' ? 'alert' : 'status');
    fill(banner, flash.message);
  }

  const [issueR, historyR] = await Promise.allSettled([getJson(`/issues/${enc}`), getJson(`/issues/${enc}/history`)]);
  if (issueR.status === 'rejected') {
    const e = issueR.reason;
    head.dataset.state = e?.status === 404 ? 'not-found' : e?.status === 403 ? 'forbidden' : 'error';
    fill(
      head,
      h(
        'p',
        { class: 'note error' },
        e?.status === 404 || e?.status === 403
          ? '没有这个问题，或它不属于本单位及下级单位，无权查看。'
          : `问题加载失败：${e?.message ?? e}`,
      ),
    );
    actions.hidden = true;
    trail.hidden = true;
    return;
  }
  const issue = { ...issueR.value, id: issueR.value.id ?? issueId };
  const events = historyR.status === 'fulfilled' ? listOf(historyR.value, 'events').sort((a, b) => a.streamVersion - b.streamVersion) : [];
  await ctx.loadEnterpriseNames([issue.enterpriseCode]);

  // The ladder and notices, best effort (the page works without them).
  const campaignId = issue.campaignId ?? ctx.campaign?.id;
  const [alertsR, noticesR] = await Promise.allSettled([
    getJson('/alerts', { campaignId, unitId: issue.responsibleUnitId, open: 'true' }),
    getJson('/supervision-notices', { campaignId, unitId: issue.responsibleUnitId, pageSize: 200 }),
  ]);
  const kinds =
    alertsR.status === 'fulfilled'
      ? listOf(alertsR.value, 'alerts')
          .filter((a) => a.issueId === issue.id && ['due_soon', 'overdue', 'escalated'].includes(a.kind))
          .map((a) => a.kind)
      : [];
  const myNotices =
    noticesR.status === 'fulfilled' ? listOf(noticesR.value, 'notices').filter((n) => (n.issueIds ?? []).includes(issue.id)) : [];

  const writable = ctx.canWrite(issue);
  head.dataset.state = 'ready';
  head.dataset.status = issue.status;
  head.dataset.version = String(issue.version);
  const overdue = ['pending', 'in_progress'].includes(issue.status) && issue.dueOn && issue.dueOn < ctx.today;
  fill(
    head,
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'issue-title' }, issue.title ?? issue.id),
      h(
        'div',
        { class: 'badges' },
        stateBadge(issue.status),
        [...new Set(kinds)].map(ladderBadge),
        myNotices.filter((n) => n.status === 'issued').map(noticeBadge),
      ),
    ),
    h(
      'dl',
      { class: 'issue-summary' },
      h('dt', null, '企业'),
      h(
        'dd',
        { id: 'issue-enterprise' },
        `${ctx.enterpriseName(issue.enterpriseCode) ?? ''} `,
        h('code', null, issue.enterpriseCode ?? ''),
      ),
      issue.caseNumber ? [h('dt', null, '案件编号'), h('dd', { id: 'issue-case-number' }, issue.caseNumber)] : null,
      h('dt', null, '类型 · 类别'),
      h('dd', null, `${issue.kind === 'suggestion' ? '建议' : '问题'} · ${issue.category ?? ''}`),
      h('dt', null, '责任单位'),
      h('dd', { id: 'issue-unit' }, ctx.unitName(issue.responsibleUnitId)),
      issue.collectingUnitId && issue.collectingUnitId !== issue.responsibleUnitId
        ? [h('dt', null, '收集单位'), h('dd', null, ctx.unitName(issue.collectingUnitId))]
        : null,
      h('dt', null, '承诺时限'),
      h(
        'dd',
        { id: 'issue-due-on', class: overdue ? 'late' : '' },
        issue.dueOn ? `${issue.dueOn}（${weekday(issue.dueOn)}）${overdue ? ' · 已超期' : ''}` : '未受理',
      ),
      issue.acceptedOn ? [h('dt', null, '受理日期'), h('dd', null, issue.acceptedOn)] : null,
      issue.resolvedOn ? [h('dt', null, '办结日期'), h('dd', null, issue.resolvedOn)] : null,
      issue.lastRating ? [h('dt', null, '企业评价'), h('dd', { id: 'issue-rating' }, RATINGS[issue.lastRating] ?? issue.lastRating)] : null,
      h('dt', null, '版本'),
      h('dd', { id: 'issue-version', title: '提交时随 If-Match 发送，防止覆盖他人的修改' }, `第 ${issue.version} 版`),
    ),
    requestNotes(issue),
  );

  // ---- supervision notices about this issue ----
  if (myNotices.length) {
    notices.hidden = false;
    fill(
      notices,
      h('h2', null, '督办通知'),
      myNotices.map((n) => {
        const canAnswer = n.status === 'issued' && ctx.me.role === 'officer' && ctx.me.unitId === n.unitId;
        const form = canAnswer
          ? h(
              'form',
              { class: 'action-form', dataset: { action: 'answer', noticeId: n.id }, novalidate: true },
              field('回复督办（整改情况）', h('textarea', { name: 'response', rows: 2, maxlength: 4000 }), 'response'),
              attachmentPicker({ id: `answer-attachments-${n.id}`, label: '整改材料（照片、文件）' }),
              h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '回复')),
              errorSlot('_form'),
            )
          : null;
        form?.addEventListener('submit', (e) => {
          e.preventDefault();
          submit(form, 'answer', `/supervision-notices/${encodeURIComponent(n.id)}/answer`, n.version, ['response'], n);
        });
        return h(
          'div',
          { class: 'notice', dataset: { noticeId: n.id, status: n.status } },
          h('p', null, noticeBadge(n), ' ', n.reason ?? '', n.respondBy ? h('small', null, ` 请于 ${n.respondBy} 前回复`) : null),
          n.response ? h('p', { class: 'note' }, `已回复：${n.response}`) : null,
          form,
        );
      }),
    );
  }

  // ---- actions ----
  const available = ACTIONS.filter((a) => a.states.includes(issue.status) && (!a.when || a.when(issue)) && !blockedByRequest(issue, a.key));
  if (!writable) {
    fill(
      actions,
      h(
        'p',
        { class: 'note readonly', id: 'readonly-note' },
        ctx.me.role === 'officer'
          ? `只读：本问题由 ${ctx.unitName(issue.responsibleUnitId)} 负责办理${ctx.subtree.includes(issue.responsibleUnitId) ? '（下级单位）' : ''}，本单位只能查看。`
          : '只读：督办专班和管理员在此查看；办理由责任单位进行。',
      ),
    );
  } else if (!available.length) {
    fill(
      actions,
      h('p', { class: 'note', id: 'no-actions' }, issue.status === 'withdrawn' ? '本问题已撤回，不再办理。' : '当前没有可执行的操作。'),
    );
  } else {
    // A resolved issue: the enterprise's own link comes first (DESIGN §1: "ideally itself"), the callback form stays folded.
    const primary = available[0].key === 'feedback' ? null : available[0].key;
    const blocks = await Promise.all(
      available.map(async (a) => {
        const form = h(
          'form',
          { class: 'action-form', dataset: { action: a.key }, novalidate: true },
          await actionBody(a, ctx, issue),
          h('div', { class: 'actions' }, h('button', { type: 'submit', class: a.key === 'withdraw' ? 'danger' : 'primary' }, a.label)),
          errorSlot('_form'),
        );
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          submit(form, a.key, `/issues/${enc}/${a.key}`, issue.version, a.fields);
        });
        return h('details', { class: 'action', dataset: { action: a.key }, open: a.key === primary }, h('summary', null, a.label), form);
      }),
    );
    fill(actions, h('h2', null, '办理'), blocks);
  }
  if (drafts) restoreDrafts(el, drafts);

  if (issue.status === 'resolved' && writable) {
    linkPanel.hidden = false;
    const body = h('div', { id: 'feedback-link-body' });
    fill(linkPanel, h('h2', null, '企业反馈链接'), body);
    feedbackLinkPanel(body, ctx, issue);
  }

  // ---- timeline ----
  if (historyR.status === 'rejected')
    fill(trail, h('h2', null, '办理轨迹'), h('p', { class: 'note error' }, `办理轨迹加载失败：${historyR.reason?.message}`));
  else
    fill(
      trail,
      h(
        'div',
        { class: 'card-head' },
        h('h2', null, '办理轨迹'),
        h('a', { href: `/#/issues/${enc}`, class: 'small' }, '在督办看板查看审计详情'),
      ),
      timeline(events, ctx),
    );

  async function submit(form, action, path, version, fields, notice) {
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    for (const slot of form.querySelectorAll('[data-error-for]')) {
      slot.hidden = true;
      slot.textContent = '';
    }
    try {
      await command(path, bodyOf(action, form), { ifMatch: version });
      await renderIssue(el, ctx, issueId, {
        ...options,
        drafts: undefined,
        flash: { kind: 'ok', message: `✓ ${SUCCESS[action] ?? '已提交'}` },
      });
    } catch (error) {
      button.disabled = false;
      if (isConflict(error)) {
        const kept = readDrafts(el);
        const current = error.problem?.currentVersion;
        const what = notice ? '该督办通知' : '该问题';
        const message = `⚠ ${what}已被他人修改：您看到的是第 ${version} 版${current ? `，现在是第 ${current} 版` : ''}。页面已重新载入最新内容，您的操作没有提交；填写的内容已保留，请核对后再决定是否提交。`;
        return renderIssue(el, ctx, issueId, { ...options, drafts: kept, flash: { kind: 'conflict', message } });
      }
      showProblem(form, error, { fields, alias: { occurredAt: '_form' } });
      if (error instanceof ApiError && error.status === 422)
        form.querySelector(':scope > [data-error-for="_form"]').textContent = problemText(error);
    }
  }
}
