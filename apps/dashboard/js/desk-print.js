// Printable notices (A4, print CSS in desk.css): a 督办通知单 with its 文号 — the campaign's
// prefix + the year + its sequence among the campaign's notices in issuing order, e.g.
// 鄂建服督〔2023〕12号 — the addressed unit, the issues with their enterprises, due dates and days
// overdue, and the respond-by date; and a 通报 naming the units of the open unit alerts.
import { getJson, listOf } from './api.js';
import { h, fill } from './dom.js';
import { ALERT_KINDS } from './labels.js';

const PREFIX_KEY = 'banjie.noticePrefix';
/** The office's document prefix (文号前缀): the province's, until a campaign sets its own (docs/desk.md). */
export const DEFAULT_PREFIX = '鄂建服督';
const LEVEL_TITLES = { reminder: '催办通知单', yellow: '督办通知单（黄牌）', red: '督办通知单（红牌）' };

const prefix = () => localStorage.getItem(PREFIX_KEY) || DEFAULT_PREFIX;
let serverToday = null;
/** Today's business date on the server's clock (GET /calendar), which a replayed campaign sets; the browser's as a fallback. */
async function loadToday() {
  serverToday ??= await getJson('/calendar')
    .then((c) => c.today)
    .catch(() => null);
}
const today = () => serverToday ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const daysBetween = (from, to) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** 文号: prefix〔year〕n号, n the notice's place among the campaign's notices in issuing order. */
export function documentNumber(notice, all, p = prefix()) {
  const ordered = [...all].sort((a, b) => String(a.issuedAt).localeCompare(String(b.issuedAt)) || String(a.id).localeCompare(String(b.id)));
  const n = ordered.findIndex((x) => x.id === notice.id) + 1;
  const year = String(notice.issuedAt ?? '').slice(0, 4);
  return `${p}〔${year}〕${n}号`;
}

function tools(el, redraw) {
  const input = h('input', { type: 'text', id: 'print-prefix', value: prefix(), 'aria-label': '文号前缀', size: 8 });
  return h(
    'div',
    { class: 'print-tools' },
    h('a', { href: '#/' }, '← 返回工作台'),
    h('label', null, '文号前缀 ', input),
    h(
      'button',
      { type: 'button', onclick: () => (localStorage.setItem(PREFIX_KEY, input.value.trim() || DEFAULT_PREFIX), redraw()) },
      '应用',
    ),
    h('button', { type: 'button', id: 'print-now', onclick: () => window.print() }, '打印'),
  );
}

export async function renderNoticePrint(el, noticeId, { unitName, enterpriseNames, names }) {
  fill(el, h('p', { class: 'note' }, '加载中…'));
  let notice;
  let all;
  try {
    notice = await getJson(`/supervision-notices/${encodeURIComponent(noticeId)}`);
    notice.id ??= noticeId;
    all = listOf(await getJson('/supervision-notices', { campaignId: notice.campaignId, pageSize: 200 }), 'notices');
  } catch (error) {
    return fill(el, h('p', { class: 'note error' }, `督办单加载失败：${error.message}`));
  }
  // the stream's state has no reason or issuing time; the list (the directory read model) has them
  notice = { ...all.find((n) => n.id === notice.id), ...notice };
  const issues = (
    await Promise.all((notice.issueIds ?? []).map((id) => getJson(`/issues/${encodeURIComponent(id)}`).catch(() => ({ id, title: id }))))
  ).filter(Boolean);
  await enterpriseNames(issues.map((i) => i.enterpriseCode));
  const campaign = await getJson(`/campaigns/${encodeURIComponent(notice.campaignId)}`).catch(() => null);
  await loadToday();
  const now = today();
  const draw = () =>
    fill(
      el,
      tools(el, draw),
      h(
        'article',
        { class: 'print-page', id: 'print-notice', dataset: { noticeId: notice.id } },
        h('h1', null, LEVEL_TITLES[notice.level] ?? '督办通知单'),
        h('p', { class: 'doc-number', id: 'doc-number' }, documentNumber(notice, all)),
        h('p', { class: 'addressee', id: 'print-unit' }, `${unitName(notice.unitId)}：`),
        h(
          'p',
          null,
          `\u3000\u3000在${campaign?.title ?? '服务企业月'}活动中，你单位${notice.reason ?? ''}`,
          issues.length ? `现将涉及的 ${issues.length} 件问题列示如下：` : '',
        ),
        issues.length
          ? h(
              'table',
              { id: 'print-issues' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['序号', '案件编号', '问题', '企业', '承诺时限', '超期天数'].map((t) => h('th', null, t)),
                ),
              ),
              h(
                'tbody',
                null,
                issues.map((i, k) => {
                  const open = ['pending', 'in_progress'].includes(i.status);
                  const overdue = open && i.dueOn && i.dueOn < now ? daysBetween(i.dueOn, now) : 0;
                  return h(
                    'tr',
                    { dataset: { issueId: i.id } },
                    h('td', null, String(k + 1)),
                    h('td', null, i.caseNumber ?? ''),
                    h('td', null, i.title ?? ''),
                    h('td', null, names.enterprises.get(i.enterpriseCode) || i.enterpriseCode || ''),
                    h('td', null, i.dueOn ?? '未受理'),
                    h('td', null, overdue ? `${overdue} 天` : '—'),
                  );
                }),
              ),
            )
          : null,
        h('p', { id: 'print-respond-by' }, `\u3000\u3000请于 ${notice.respondBy ?? '—'} 前将整改落实情况书面报送督办专班。`),
        h('p', { class: 'signature' }, '服务企业月活动督办专班', h('br'), String(notice.issuedAt ?? '').slice(0, 10)),
      ),
    );
  draw();
}

/** 通报: the units named by the open unit alerts (low completion, low satisfaction, thin collection, symposiums). */
export async function renderCircular(el, params, { unitName }) {
  fill(el, h('p', { class: 'note' }, '加载中…'));
  let alerts;
  try {
    alerts = listOf(await getJson('/alerts', { campaignId: params.campaignId, open: 'true', limit: 500 }), 'alerts').filter(
      (a) => !a.issueId,
    );
  } catch (error) {
    return fill(el, h('p', { class: 'note error' }, `预警加载失败：${error.message}`));
  }
  const campaign = await getJson(`/campaigns/${encodeURIComponent(params.campaignId)}`).catch(() => null);
  await loadToday();
  const byKind = new Map();
  for (const a of alerts) byKind.set(a.kind, [...new Set([...(byKind.get(a.kind) ?? []), a.unitName ?? unitName(a.unitId)])]);
  const draw = () =>
    fill(
      el,
      tools(el, draw),
      h(
        'article',
        { class: 'print-page', id: 'print-circular-page' },
        h('h1', null, '通\u3000报'),
        h('p', { class: 'doc-number' }, `${prefix()}〔${today().slice(0, 4)}〕 号`),
        h('p', null, `\u3000\u3000${campaign?.title ?? '服务企业月'}活动开展以来，经督办专班核查，存在以下问题，现予以通报：`),
        [...byKind].map(([kind, units], k) =>
          h('p', { dataset: { kind } }, `\u3000\u3000${k + 1}. ${ALERT_KINDS[kind]?.label ?? kind}：对${units.join('、')}予以通报。`),
        ),
        byKind.size ? null : h('p', null, '\u3000\u3000（目前没有需要通报的单位。）'),
        h('p', null, '\u3000\u3000请被通报单位认真分析原因，限期整改，并将整改情况报送督办专班。'),
        h('p', { class: 'signature' }, '服务企业月活动督办专班', h('br'), today()),
      ),
    );
  draw();
}
