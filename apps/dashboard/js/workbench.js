// The unit workbench (/workbench): hash routes #/ (my queue, ?state=&category=&enterprise=&unit=),
// #/record (field work: an activity and the issues collected in it) and #/issues/:id (advance one
// issue). The handling unit's staff sign in with their account and password (signin.js, the same
// session as the dashboard's); who they are and which unit they work for comes from GET /me.
import { ApiError, getJson, listOf, onAuthProblem, session } from './api.js';
import { h, fill, $ } from './dom.js';
import { queryOf, readHash } from './hash-route.js';
import { LEVELS, ROLES } from './labels.js';
import { onCommandAuthProblem } from './workbench-api.js';
import { renderQueue } from './workbench-queue.js';
import { renderRecord } from './workbench-record.js';
import { renderIssue } from './workbench-issue.js';
import { mountSignIn } from './signin.js';

const app = $('#app');
const CAMPAIGN_KEY = 'banjie.workbench.campaign';
const UNIT_KEY = 'banjie.workbench.unit';
let ctx = null;
let loading = null;

// ---------- routes ----------

function parseRoute() {
  const { parts, params } = readHash();
  if (parts[0] === 'issues' && parts[1]) return { view: 'issue', issueId: parts[1], params };
  if (parts[0] === 'record') return { view: 'record', params };
  return { view: 'queue', params };
}

function queueHash(params = {}) {
  return `#/${queryOf(params)}`;
}

// ---------- sign-in ----------

const signIn = mountSignIn($('#login'), {
  banner: $('#auth-banner'),
  onChange: () => {
    ctx = null;
    rerender();
  },
});
const renderLogin = () => signIn.render();

function authProblem(error) {
  const banner = $('#auth-banner');
  banner.hidden = false;
  if (error.status === 401) {
    fill(banner, '请先登录：在右上角输入本人的账号和密码（账号由管理员在管理页面开设）。');
    ctx = null;
  } else {
    fill(
      banner,
      error.problem?.code === 'AUTH.PASSWORD_CHANGE_REQUIRED' ? '请先修改密码。' : `当前账号无权执行该操作（${error.message}）。`,
    );
  }
}
onAuthProblem(authProblem);
onCommandAuthProblem(authProblem);

// ---------- context: who, which unit, which campaign ----------

async function getAll(path, params = {}) {
  const items = [];
  for (let page = 1; page <= 50; page++) {
    const body = await getJson(path, { ...params, page, pageSize: 200 });
    const list = listOf(body);
    items.push(...list);
    if (!list.length || items.length >= (body?.total ?? items.length)) break;
  }
  return items;
}

/** The unit's subtree: itself first, then every unit below it (breadth first). */
function subtreeOf(unitId, units) {
  const out = [];
  const queue = [unitId];
  while (queue.length) {
    const id = queue.shift();
    if (!id || out.includes(id)) continue;
    out.push(id);
    for (const u of units.values()) if (u.parentUnitId === id) queue.push(u.id);
  }
  return out;
}

function pickCampaign(campaigns, today) {
  const saved = localStorage.getItem(CAMPAIGN_KEY);
  if (saved && campaigns.some((c) => c.id === saved)) return saved;
  const running = campaigns.filter(
    (c) => (!c.startsOn || c.startsOn <= today) && (!c.endsOn || today <= c.endsOn) && c.status !== 'closed',
  );
  const pool = running.length ? running : campaigns;
  return [...pool].sort((a, b) => String(b.startsOn ?? '').localeCompare(String(a.startsOn ?? '')))[0]?.id ?? null;
}

async function loadContext() {
  const me = await getJson('/me');
  const [unitList, campaignList, calendar] = await Promise.all([getAll('/units'), getAll('/campaigns'), getJson('/calendar')]);
  const units = new Map(unitList.map((u) => [u.id ?? u.unitId, { ...u, id: u.id ?? u.unitId }]));
  const campaigns = campaignList.map((c) => ({ ...c, id: c.id ?? c.campaignId }));
  const today = calendar.today;
  const unitId = me.unitId ?? (units.has(localStorage.getItem(UNIT_KEY)) ? localStorage.getItem(UNIT_KEY) : null);
  const campaignId = pickCampaign(campaigns, today);
  const [campaign, catalogue] = campaignId
    ? await Promise.all([
        getJson(`/campaigns/${encodeURIComponent(campaignId)}`),
        getJson(`/campaigns/${encodeURIComponent(campaignId)}/categories`),
      ])
    : [null, null];
  const next = {
    me,
    units,
    campaigns,
    today,
    campaign: campaign ? { ...campaign, id: campaign.id ?? campaign.campaignId } : null,
    // the campaign's category catalogue: an issue's category is chosen from it (docs/categories.md)
    categories: catalogue?.categories ?? [],
    unitId,
    unit: unitId ? units.get(unitId) : null,
    subtree: unitId ? subtreeOf(unitId, units) : [],
    enterprises: new Map(),
    unitName: (id) => (id ? (units.get(id)?.name ?? id) : '—'),
    /** Only an officer of the responsible unit advances an issue; parent units and the office read. */
    canWrite: (issue) => me.role === 'officer' && !!me.unitId && issue?.responsibleUnitId === me.unitId,
  };
  next.enterpriseName = (code) => next.enterprises.get(code) ?? null;
  next.loadEnterpriseNames = async (codes) => {
    const missing = [...new Set(codes)].filter((c) => c && !next.enterprises.has(c));
    let i = 0;
    const worker = async () => {
      while (i < missing.length) {
        const code = missing[i++];
        try {
          next.enterprises.set(code, (await getJson(`/enterprises/${encodeURIComponent(code)}`)).name ?? null);
        } catch {
          next.enterprises.set(code, null);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  };
  return next;
}

function renderContextBar() {
  const bar = $('#context');
  if (!ctx) {
    bar.hidden = true;
    return;
  }
  bar.hidden = false;
  const { me, unit, campaigns, campaign } = ctx;
  const campaignSelect = h(
    'select',
    {
      id: 'campaign',
      'aria-label': '活动',
      onchange: (e) => {
        localStorage.setItem(CAMPAIGN_KEY, e.target.value);
        ctx = null;
        rerender();
      },
    },
    campaigns.map((c) => h('option', { value: c.id, selected: c.id === campaign?.id }, c.title ?? c.id)),
  );
  const unitPart = me.unitId
    ? h(
        'strong',
        { id: 'my-unit', dataset: { unitId: me.unitId } },
        unit?.name ?? me.unitId,
        h('small', null, ` ${LEVELS[unit?.level] ?? ''}`),
      )
    : h(
        'label',
        null,
        '查看单位 ',
        h(
          'select',
          {
            id: 'view-unit',
            onchange: (e) => {
              localStorage.setItem(UNIT_KEY, e.target.value);
              ctx = null;
              rerender();
            },
          },
          h('option', { value: '' }, '— 选择单位 —'),
          [...ctx.units.values()].map((u) => h('option', { value: u.id, selected: u.id === ctx.unitId }, u.name)),
        ),
      );
  fill(
    bar,
    unitPart,
    h('span', { class: 'wb-role' }, `${ROLES[me.role] ?? me.role}${me.name ? ` · ${me.name}` : ''}`),
    h('label', { class: 'wb-campaign' }, '活动 ', campaignSelect),
    h('span', { class: 'wb-today' }, `今天 ${ctx.today}`),
  );
}

function markNav(view) {
  for (const a of document.querySelectorAll('.wb-nav a')) a.setAttribute('aria-current', a.dataset.nav === view ? 'page' : 'false');
}

// ---------- render ----------

let renderSeq = 0;
async function rerender(flash) {
  const seq = ++renderSeq;
  const route = parseRoute();
  markNav(route.view);
  if (!session.token) {
    renderLogin();
    renderContextBar();
    fill(
      app,
      h(
        'section',
        { class: 'card wb-signin', dataset: { state: 'signed-out' } },
        h('h2', null, '请登录'),
        h('p', null, '在右上角输入本人的账号和密码。登录只在本标签页有效，关闭标签页或点击“退出”即结束。'),
        h('p', { class: 'note small' }, '还没有账号？请单位管理员在管理页面（/admin）为您开设。'),
      ),
    );
    return;
  }
  if (!ctx) {
    fill(app, h('p', { class: 'note', dataset: { state: 'loading' } }, '加载中… loading'));
    try {
      loading ??= loadContext();
      ctx = await loading;
    } catch (error) {
      if (seq !== renderSeq) return;
      fill(
        app,
        h(
          'p',
          { class: 'note error', dataset: { state: 'error' } },
          error instanceof ApiError && error.status === 401
            ? '登录已失效，请重新登录。'
            : error instanceof ApiError && error.problem?.code === 'AUTH.PASSWORD_CHANGE_REQUIRED'
              ? '请先修改密码。'
              : `工作台加载失败：${error.message}`,
        ),
      );
      return;
    } finally {
      loading = null;
    }
    renderLogin();
  }
  if (seq !== renderSeq) return;
  renderContextBar();
  if (!ctx.campaign)
    return fill(app, h('p', { class: 'note', dataset: { state: 'empty' } }, '还没有活动（服务企业月）。请管理员先创建活动。'));
  const go = { rerender, queueHash };
  if (route.view === 'issue') return renderIssue(app, ctx, route.issueId, { flash, ...go });
  if (!ctx.unitId) return fill(app, h('p', { class: 'note', dataset: { state: 'no-unit' } }, '请在上方选择要查看的单位。'));
  if (route.view === 'record') return renderRecord(app, ctx, go);
  return renderQueue(app, ctx, route.params, go);
}

window.addEventListener('hashchange', () => rerender());
rerender();
