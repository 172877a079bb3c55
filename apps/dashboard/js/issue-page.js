// An issue and its audit trail (#/issues/:id): each event with actor, unit, business time
// (occurredAt) and system time (recordedAt), and the state of the stream's hash chain.
import { getJson, listOf } from './api.js';
import { h, fill } from './dom.js';
import { formatDate, formatDateTime, formatLag } from './format.js';
import { CHANNELS, EVENT_TYPES, RATINGS, ROLES, SOURCES, STATES, FORMS } from './labels.js';
import { unavailableNote } from './supervision.js';
import { attachmentList } from './attachments.js';

/** DESIGN §7's canonical JSON (libs/event-store/src/hash.ts), to re-check the chain here. */
function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  return (
    '{' +
    Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => JSON.stringify(k) + ':' + canonicalJson(value[k]))
      .join(',') +
    '}'
  );
}

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const ENVELOPE = [
  'eventId',
  'type',
  'schemaVersion',
  'streamId',
  'streamVersion',
  'position',
  'occurredAt',
  'recordedAt',
  'data',
  'metadata',
  'prevHash',
  'hash',
];

/**
 * Checks what the page can check itself: each prevHash names the previous event's hash and, when
 * the history carries whole envelopes and the page runs in a secure context, every hash recomputes.
 */
export async function checkChain(events) {
  const withHashes = events.filter((e) => e.hash);
  if (!withHashes.length) return { linked: null, recomputed: null };
  let linked = true;
  const sorted = [...events].sort((a, b) => (a.streamVersion ?? 0) - (b.streamVersion ?? 0));
  sorted.forEach((e, i) => {
    if (i === 0) {
      if (e.streamVersion === 1 && e.prevHash) linked = false;
    } else if (e.prevHash !== sorted[i - 1].hash) linked = false;
  });
  let recomputed = null;
  if (globalThis.crypto?.subtle && sorted.every((e) => ENVELOPE.every((k) => k in e))) {
    recomputed = true;
    for (const e of sorted) {
      const envelope = Object.fromEntries(ENVELOPE.filter((k) => k !== 'hash').map((k) => [k, e[k]]));
      // The hash covers the instants as toISOString() writes them, whatever form the JSON used.
      envelope.occurredAt = new Date(e.occurredAt).toISOString();
      envelope.recordedAt = new Date(e.recordedAt).toISOString();
      if ((await sha256Hex((e.prevHash ?? '') + canonicalJson(envelope))) !== e.hash) {
        recomputed = false;
        break;
      }
    }
  }
  return { linked, recomputed };
}

/** What the server found, in the supervision office's words (docs/event-store.md). */
const BROKEN_REASONS = {
  hash_mismatch: '记录内容被改动',
  prev_hash_mismatch: '前后记录不相接',
  version_gap: '中间记录被删除',
  events_deleted: '末尾记录被删除',
  stream_deleted: '整条记录被删除',
  checkpoint_mismatch: '与签名检查点不符',
  checkpoint_signature_invalid: '检查点签名无效（伪造或改动）',
  checkpoint_deleted: '签名检查点被删除',
};

function serverChain(body) {
  const c = body?.chain ?? body?.hashChain ?? body?.integrity ?? body?.verification;
  if (c && typeof c === 'object') return { ok: c.ok ?? c.valid ?? c.verified, broken: c.broken ?? [], anchors: c.anchors ?? null };
  if (typeof c === 'boolean') return { ok: c, broken: [] };
  if (typeof body?.verified === 'boolean') return { ok: body.verified, broken: [] };
  return null;
}

function chainStatus(server, local) {
  const items = [];
  if (server)
    items.push(
      server.ok
        ? h('span', { class: 'chain ok', title: 'server verified' }, '✓ 服务器校验哈希链完整')
        : h('span', { class: 'chain broken', title: 'broken links' }, `✗ 哈希链断裂（${server.broken.length || ''} 处）`),
    );
  for (const b of server?.ok === false ? server.broken : [])
    items.push(
      h(
        'span',
        { class: 'chain broken', dataset: { reason: b.reason }, title: b.detail ?? b.reason },
        `✗ ${BROKEN_REASONS[b.reason] ?? '记录异常'}：${b.toVersion && b.toVersion !== b.streamVersion ? `第 ${b.streamVersion}–${b.toVersion} 条` : `第 ${b.streamVersion} 条`}`,
      ),
    );
  const anchors = server?.anchors;
  if (anchors?.anchoredVersion > 0)
    items.push(
      h(
        'span',
        { class: 'chain ok', dataset: { testid: 'chain-anchored' }, title: 'anchored' },
        `✓ 签名检查点已锚定前 ${anchors.anchoredVersion} 条${anchors.unanchoredEvents ? `，其后 ${anchors.unanchoredEvents} 条待下次检查点` : ''}`,
      ),
    );
  if (local.linked === true) items.push(h('span', { class: 'chain ok', title: 'links match' }, '✓ 前后哈希相接'));
  if (local.linked === false) items.push(h('span', { class: 'chain broken', title: 'prevHash mismatch' }, '✗ 前后哈希不相接'));
  if (local.recomputed === true) items.push(h('span', { class: 'chain ok', title: 'recomputed in the browser' }, '✓ 浏览器复算一致'));
  if (local.recomputed === false) items.push(h('span', { class: 'chain warn', title: 'recomputed hash differs' }, '⚠ 浏览器复算不一致'));
  if (!items.length) items.push(h('span', { class: 'chain unknown', title: 'no hashes in the history' }, '哈希链状态未知'));
  const state =
    server?.ok === false || local.linked === false ? 'broken' : server?.ok || local.linked || local.recomputed ? 'ok' : 'unknown';
  return h('div', { class: 'chain-status', dataset: { testid: 'chain-status', state } }, items);
}

/** An enterprise as people know it: its name, then its credit code. */
function enterpriseLabel(code, names) {
  const name = names.enterprises?.[code];
  return name ? `${name}（${code}）` : `统一社会信用代码 ${code}`;
}

/**
 * Who did it: the person's name (or, without an account, their role), the enterprise for its own
 * link — named in the actor (`enterprise:<code>`) or, for a rating through the link recorded by
 * the system (the demo), the issue's enterprise.
 */
function actorLabel(actor, names, e, issueEnterprise) {
  const linked = /^enterprise:(.+)$/.exec(actor.userId ?? '');
  if (linked) return `企业 ${enterpriseLabel(linked[1], names)}`;
  if (e.data?.channel === 'enterprise_link' && issueEnterprise) return `企业 ${enterpriseLabel(issueEnterprise, names)}`;
  const role = ROLES[actor.role] ?? '';
  const person = names.users?.[actor.userId];
  if (person) return role ? `${role} ${person}` : person;
  if (actor.role === 'system') return '系统';
  return role || '未知人员';
}

function describe(e, unitName, names) {
  const d = e.data ?? {};
  const unit = (id) => names.units?.[id] ?? unitName(id) ?? '（未知单位）';
  const parts = [];
  if (d.title) parts.push(`「${d.title}」`);
  if (d.category) parts.push(`类别 ${d.category}`);
  if (d.enterpriseCode) parts.push(`企业 ${enterpriseLabel(d.enterpriseCode, names)}`);
  if (d.dueOn) parts.push(`承诺时限 ${formatDate(d.dueOn)}`);
  if (d.fromUnitId || d.toUnitId) parts.push(`${d.fromUnitId ? unit(d.fromUnitId) : ''} → ${d.toUnitId ? unit(d.toUnitId) : ''}`);
  if (d.rating) parts.push(`评价 ${RATINGS[d.rating] ?? d.rating}${d.channel ? `（${CHANNELS[d.channel] ?? d.channel}）` : ''}`);
  for (const key of ['note', 'resolution', 'reason', 'comment', 'description']) if (d[key]) parts.push(d[key]);
  if (d.form) parts.push(FORMS[d.form] ?? d.form);
  return parts.join('；');
}

function summary(issue, unitName, names) {
  const code = issue.enterpriseCode;
  const fields = [
    ['案件编号', issue.caseNumber],
    ['标题', issue.title],
    ['类型', issue.kind === 'suggestion' ? '建议' : issue.kind === 'problem' ? '问题' : issue.kind],
    ['类别', issue.category],
    ['状态', STATES[issue.state ?? issue.status] ?? issue.state ?? issue.status],
    ['责任单位', unitName(issue.responsibleUnitId ?? issue.unitId) ?? issue.unitName ?? issue.responsibleUnitId ?? issue.unitId],
    [
      '收集单位',
      issue.collectingUnitId && issue.collectingUnitId !== issue.responsibleUnitId
        ? (unitName(issue.collectingUnitId) ?? issue.collectingUnitId)
        : null,
    ],
    ['企业', issue.enterpriseName ? `${issue.enterpriseName}（${code}）` : code ? enterpriseLabel(code, names) : null],
    ['承诺时限', issue.dueOn && formatDate(issue.dueOn)],
    ['超期', issue.overdue == null ? null : issue.overdue ? '是' : '否'],
    ['企业评价', issue.lastRating && (RATINGS[issue.lastRating] ?? issue.lastRating)],
    ['版本', issue.version ?? issue.streamVersion],
  ].filter(([, v]) => v != null && v !== '');
  return h(
    'dl',
    { class: 'issue-summary' },
    fields.map(([k, v]) => [h('dt', null, k), h('dd', null, String(v))]),
  );
}

export async function renderIssuePage(el, issueId, { unitName, back }) {
  const heading = h('h2', { id: 'issue-heading', title: issueId }, '问题详情');
  fill(
    el,
    h('p', null, h('a', { href: back || '#/', class: 'back' }, '← 返回看板')),
    heading,
    h('section', { class: 'card', id: 'issue-summary', 'aria-label': '问题概况' }, h('p', { class: 'note' }, '加载中…')),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'audit-heading' },
      h('h3', { id: 'audit-heading' }, '办理轨迹'),
      h('div', { id: 'audit-trail', dataset: { state: 'loading' } }, h('p', { class: 'note' }, '加载中…')),
    ),
  );
  const summaryEl = el.querySelector('#issue-summary');
  const trailEl = el.querySelector('#audit-trail');
  const [issue, history] = await Promise.allSettled([
    getJson(`/issues/${encodeURIComponent(issueId)}`),
    getJson(`/issues/${encodeURIComponent(issueId)}/history`),
  ]);
  const names = history.status === 'fulfilled' ? (history.value?.names ?? {}) : {};
  if (issue.status === 'fulfilled') {
    const i = issue.value;
    fill(heading, i.caseNumber ? `${i.caseNumber} · ` : '', i.title ?? '问题详情');
    document.title = `${i.title ?? '问题详情'} · 办结`;
    fill(summaryEl, summary(i, unitName, names));
  } else fill(summaryEl, unavailableNote(issue.reason, '问题详情'));
  if (history.status === 'rejected') {
    trailEl.dataset.state = history.reason?.missingRoute ? 'unavailable' : 'error';
    return fill(trailEl, unavailableNote(history.reason, '办理轨迹'));
  }
  const body = history.value;
  const events = listOf(body, 'events', 'history')
    .slice()
    .sort((a, b) => (a.streamVersion ?? 0) - (b.streamVersion ?? 0) || String(a.recordedAt).localeCompare(String(b.recordedAt)));
  const local = await checkChain(events);
  const issueEnterprise = events.find((e) => e.type === 'IssueCollected')?.data?.enterpriseCode;
  trailEl.dataset.state = 'ready';
  fill(
    trailEl,
    chainStatus(serverChain(body), local),
    h(
      'ol',
      { class: 'timeline', dataset: { testid: 'audit-trail' } },
      events.map((e) => {
        const actor = e.actor ?? e.metadata?.actor ?? {};
        const unitId = e.unitId ?? actor.unitId;
        // The server decides (working days on the commands' clock, demo history never late).
        const recorded = e.recordedByClock ?? e.recordedAt;
        const late = Boolean(e.lateRecording);
        return h(
          'li',
          { class: `event${late ? ' late' : ''}`, dataset: { type: e.type, version: e.streamVersion } },
          h(
            'div',
            { class: 'event-head' },
            h('span', { class: 'version' }, `#${e.streamVersion ?? ''}`),
            h('strong', { title: e.type }, EVENT_TYPES[e.type] ?? '其他记录'),
          ),
          h(
            'div',
            { class: 'event-who' },
            actorLabel(actor, names, e, issueEnterprise),
            unitId ? ` · ${names.units?.[unitId] ?? e.unitName ?? unitName(unitId) ?? '（未知单位）'}` : '',
            (e.source ?? e.metadata?.source) ? ` · 来源：${SOURCES[e.source ?? e.metadata?.source] ?? '其他'}` : '',
          ),
          h(
            'div',
            { class: 'event-times' },
            h('span', { title: 'occurredAt: 业务发生时间 business time' }, '发生 ', formatDateTime(e.occurredAt)),
            h('span', { title: 'recordedAt: 系统录入时间 system time' }, '录入 ', formatDateTime(e.recordedAt)),
            e.demoHistory
              ? h('span', { class: 'lag demo', title: 'history written by the demo loader' }, '演示数据补录的历史')
              : h(
                  'span',
                  { class: late ? 'lag late' : 'lag', title: late ? `晚于发生 ${e.lagWorkingDays} 个工作日录入 recorded late` : '' },
                  formatLag(e.occurredAt, recorded),
                ),
          ),
          h('div', { class: 'event-data' }, describe(e, unitName, names)),
          // Field evidence: each file with its SHA-256 (the chain covers it), images as thumbnails.
          attachmentList(e.data?.attachments, `/issues/${encodeURIComponent(String(e.streamId ?? '').replace(/^issue-/, ''))}`),
          e.overdueNoLongerCounts &&
            h('div', { class: 'note superseded', dataset: { reason: e.overdueNoLongerCounts.reason } }, e.overdueNoLongerCounts.note),
          e.hash &&
            h('div', { class: 'event-hash', title: `hash ${e.hash} · prevHash ${e.prevHash ?? '—'}` }, `哈希 ${e.hash.slice(0, 12)}…`),
        );
      }),
    ),
  );
}
