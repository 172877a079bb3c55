// The supervision dashboard: hash routes #/campaigns/:id?asOf=&knownAt=&unit=&kind=&open=&sort=&dir=
// &level=&parent=&region=&order= and #/issues/:id. Every view is a function of the route; the JSON
// API is the only source of data. One as-of date governs every panel (docs/dashboard.md "As of").
import { ApiError, download, getJson, listOf, onAuthProblem } from './api.js';
import { h, fill, $ } from './dom.js';
import { queryOf, readHash } from './hash-route.js';
import {
  addDays,
  beijingLocalToIso,
  daysBetween,
  formatDate,
  formatDateTime,
  formatRate,
  isoToBeijingLocal,
  todayInBeijing,
} from './format.js';
import { LEVELS, STATES } from './labels.js';
import { filterRows, reportTable, tableFilters } from './report-table.js';
import { curveTable, disposeCharts, rateTable, renderCompletionCurve, renderRateByUnit } from './charts.js';
import { renderAlerts, renderRankings, unavailableNote } from './supervision.js';
import { renderIssuePage } from './issue-page.js';
import { categoryPanel } from './category-panel.js';
import { mountSignIn } from './signin.js';

const app = $('#app');
const unitNames = new Map();
const unitName = (id) => (id ? unitNames.get(id) : undefined);
/** Unit id → { region, parentUnitId, level } from GET /units (the report's rows carry no region). */
const unitInfo = new Map();
const reportCache = new Map();

// ---------- routes ----------

function parseRoute() {
  const { parts, params } = readHash();
  if (parts[0] === 'issues' && parts[1]) return { view: 'issue', issueId: parts[1], params };
  if (parts[0] === 'campaigns' && parts[1]) return { view: 'overview', campaignId: parts[1], params };
  return { view: 'overview', campaignId: null, params };
}

function overviewHash(campaignId, params) {
  return `#/campaigns/${encodeURIComponent(campaignId)}${queryOf(params)}`;
}

/** Changes some of the overview's parameters (and so the URL: views are shareable links). */
function navigate(changes) {
  const route = parseRoute();
  const params = { ...route.params, ...changes };
  for (const [k, v] of Object.entries(params)) if (v == null || v === '') delete params[k];
  location.hash = overviewHash(changes.campaignId ?? route.campaignId, { ...params, campaignId: undefined });
}

// ---------- sign-in ----------

mountSignIn($('#login'), { banner: $('#auth-banner'), onChange: () => rerender() });

onAuthProblem((error) => {
  const banner = $('#auth-banner');
  banner.hidden = false;
  fill(
    banner,
    error.status === 401
      ? '请先登录：在右上角输入账号和密码（首次启动时生成的账号和密码在数据目录的 bootstrap-tokens.txt 中）。'
      : error.problem?.code === 'AUTH.PASSWORD_CHANGE_REQUIRED'
        ? '请先修改密码。'
        : `当前账号无权查看部分内容（${error.message}）。`,
  );
});

// ---------- overview ----------

let campaigns = null;
let shell = null; // the overview's DOM, kept while only parameters change
let last = {};

async function loadCampaigns() {
  if (campaigns) return campaigns;
  try {
    campaigns = listOf(await getJson('/campaigns'), 'campaigns').map((c) => ({ ...c, id: c.campaignId ?? c.id }));
  } catch (error) {
    campaigns = { error };
  }
  return campaigns;
}

async function reportAt(campaignId, asOf, knownAt) {
  const key = `${campaignId}|${asOf ?? ''}|${knownAt ?? ''}`;
  if (!reportCache.has(key)) {
    const p = getJson(`/campaigns/${encodeURIComponent(campaignId)}/report`, { asOf, knownAt, format: 'json' });
    reportCache.set(key, p);
    p.catch(() => reportCache.delete(key));
  }
  return reportCache.get(key);
}

function buildShell() {
  const s = {};
  s.campaignSelect = h('select', {
    id: 'campaign',
    'aria-label': '活动',
    onchange: (e) => navigate({ campaignId: e.target.value, unit: '' }),
  });
  s.asOf = h('input', {
    type: 'date',
    id: 'as-of',
    name: 'asOf',
    'aria-label': '截至日期',
    onchange: (e) => navigate({ asOf: e.target.value }),
  });
  s.knownAt = h('input', {
    type: 'datetime-local',
    id: 'known-at',
    name: 'knownAt',
    'aria-label': '知悉时间（北京时间）',
    onchange: (e) => navigate({ knownAt: beijingLocalToIso(e.target.value) }),
  });
  s.issueJump = h('input', { type: 'text', id: 'issue-id', placeholder: '问题编号', 'aria-label': '按编号打开问题' });
  s.status = h('p', { id: 'report-status', class: 'note', dataset: { state: 'loading' } }, '加载中…');
  s.lag = h('p', { id: 'projection-lag', class: 'note lag-note', hidden: true });
  s.demo = h('p', { id: 'demo-progress', class: 'note lag-note', hidden: true, dataset: { state: 'idle' } });
  s.title = h('h2', { id: 'report-title' }, '统计表');
  s.tableWrap = h('div', { class: 'table-wrap' });
  s.extraToggle = h(
    'button',
    {
      type: 'button',
      id: 'toggle-extra',
      'aria-pressed': 'false',
      onclick: () => {
        s.showExtra = !s.showExtra;
        s.extraToggle.setAttribute('aria-pressed', String(s.showExtra));
        s.extraToggle.textContent = s.showExtra ? '收起更多列' : '更多列';
        s.tableWrap.querySelector('table')?.classList.toggle('show-extra', s.showExtra);
      },
    },
    '更多列',
  );
  s.filters = h('div', { class: 'filters table-filters', role: 'group', 'aria-label': '筛选单位' });
  s.filterNote = h('p', { class: 'note small', id: 'filter-note', 'aria-live': 'polite' });
  s.collapsed = new Set();
  s.unitPanel = h('section', { class: 'card', id: 'unit-issues', hidden: true });
  s.categories = categoryPanel();
  s.metric = 'completionRate';
  s.rateChart = h('div', { class: 'chart', id: 'chart-rate-by-unit', role: 'img', 'aria-label': '各单位比率条形图，数据见下方表格' });
  s.rateData = h('div', { class: 'chart-data', id: 'chart-rate-data' });
  s.curveData = h('div', { class: 'chart-data', id: 'chart-curve-data' });
  s.metricButtons = h(
    'div',
    { class: 'segmented', role: 'group', 'aria-label': '比率' },
    [
      ['completionRate', '办结率'],
      ['satisfactionRate', '满意率'],
    ].map(([m, label]) =>
      h(
        'button',
        {
          type: 'button',
          'aria-pressed': String(m === s.metric),
          dataset: { metric: m },
          onclick: () => {
            s.metric = m;
            for (const b of s.metricButtons.children) b.setAttribute('aria-pressed', String(b.dataset.metric === m));
            if (s.report) drawRateChart(s);
          },
        },
        label,
      ),
    ),
  );
  s.orderButtons = h(
    'div',
    { class: 'segmented', role: 'group', 'aria-label': '排序' },
    [
      ['worst', '由低到高'],
      ['best', '由高到低'],
    ].map(([order, label]) =>
      h(
        'button',
        {
          type: 'button',
          'aria-pressed': 'false',
          dataset: { order },
          title: order === 'worst' ? '先看落后单位 worst first' : 'best first',
          onclick: () => navigate({ order: order === 'worst' ? '' : order }),
        },
        label,
      ),
    ),
  );
  s.curveChart = h('div', {
    class: 'chart',
    id: 'chart-completion-curve',
    role: 'img',
    'aria-label': '办结进度图（按周的收集、办结数和办结率），数据见下方表格',
  });
  s.curveNote = h('p', { class: 'note small' });
  s.alerts = h('div', { id: 'alerts' });
  s.rankings = h('div', { id: 'rankings' });
  s.root = h(
    'div',
    { class: 'overview' },
    h(
      'section',
      { class: 'card toolbar' },
      h('label', null, '活动 ', s.campaignSelect),
      h('label', { title: '统计表、图表、预警、排名和问题清单都按这一天' }, '截至 ', s.asOf),
      h(
        'details',
        { class: 'analyst' },
        h('summary', null, '按录入时间回看'),
        h('label', { title: '只计入该时刻之前已录入的记录 (recordedAt ≤ known at)' }, '知悉于（北京时间） ', s.knownAt),
        h('button', { type: 'button', onclick: () => navigate({ knownAt: '' }) }, '清除'),
      ),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', id: 'download-csv', onclick: () => downloadReport('csv') }, '下载 CSV'),
      h('button', { type: 'button', id: 'download-xlsx', onclick: () => downloadReport('xlsx') }, '下载 XLSX'),
      h(
        'form',
        {
          class: 'jump',
          onsubmit: (e) => {
            e.preventDefault();
            const id = s.issueJump.value.trim();
            if (id) location.hash = `#/issues/${encodeURIComponent(id)}`;
          },
        },
        s.issueJump,
        h('button', { type: 'submit' }, '打开'),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'card-head' }, s.title, s.extraToggle),
      s.demo,
      s.status,
      s.lag,
      s.filters,
      s.filterNote,
      s.tableWrap,
      h('p', { class: 'note small' }, '先合计数量再相除，从不平均比率；比率最多保留两位小数。点击列标题可排序。'),
    ),
    s.unitPanel,
    s.categories.el,
    h(
      'div',
      { class: 'grid2' },
      h(
        'section',
        { class: 'card' },
        h('div', { class: 'card-head' }, h('h2', { id: 'rate-heading' }, '各单位比率'), s.metricButtons, s.orderButtons),
        h('div', { class: 'chart-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'rate-heading' }, s.rateChart),
        s.rateData,
      ),
      h('section', { class: 'card' }, h('h2', null, '办结进度'), s.curveChart, s.curveNote, s.curveData),
    ),
    h(
      'div',
      { class: 'grid2' },
      h('section', { class: 'card', 'aria-labelledby': 'alerts-heading' }, h('h2', { id: 'alerts-heading' }, '预警'), s.alerts),
      h('section', { class: 'card', 'aria-labelledby': 'rankings-heading' }, h('h2', { id: 'rankings-heading' }, '排名'), s.rankings),
    ),
  );
  return s;
}

const chartError = (el) => (error) => fill(el, h('p', { class: 'note error' }, `图表不可用：${error.message}`));

async function downloadReport(format) {
  const { campaignId, params } = parseRoute();
  const asOf = params.asOf || shell?.report?.asOf?.slice(0, 10);
  try {
    await download(
      `/campaigns/${encodeURIComponent(campaignId)}/report`,
      { asOf, knownAt: params.knownAt, format },
      `report-${asOf ?? 'latest'}.${format}`,
    );
  } catch (error) {
    alert(`下载失败：${error.message}`);
  }
}

async function renderOverview(route) {
  if (!shell || !app.contains(shell.root)) {
    disposeCharts();
    shell = buildShell();
    last = {};
    fill(app, shell.root);
  }
  const s = shell;
  // First start: while the demo campaign is still being written, show how far it has got instead
  // of figures that would only be part of it (they come once it is complete).
  if (await demoStillLoading(s)) return;
  const list = await loadCampaigns();
  let campaignId = route.campaignId;
  if (Array.isArray(list)) {
    if (!campaignId && list.length) {
      const latest = [...list].sort((a, b) => String(b.startsOn ?? '').localeCompare(String(a.startsOn ?? '')))[0];
      return location.replace(overviewHash(latest.id, route.params));
    }
    fill(
      s.campaignSelect,
      list.map((c) => h('option', { value: c.id, selected: c.id === campaignId }, c.title ?? c.id)),
    );
  } else if (!campaignId) {
    s.status.dataset.state = 'error';
    return fill(s.status, unavailableNote(list.error, '活动列表'));
  }
  if (!campaignId) {
    s.status.dataset.state = 'empty';
    return fill(s.status, '还没有活动。可运行 npm run cli -- demo 载入演示活动，或以空数据目录启动（DEMO=1）。');
  }
  const campaign = Array.isArray(list) ? list.find((c) => c.id === campaignId) : null;
  const { asOf, knownAt, unit = '', kind = '', open } = route.params;
  await ensureUnitInfo();
  s.asOf.value = asOf ?? '';
  s.knownAt.value = isoToBeijingLocal(knownAt);
  if (campaign?.startsOn) s.asOf.min = formatDate(campaign.startsOn);

  const reportKey = `${campaignId}|${asOf}|${knownAt}`;
  const tableKey = ['sort', 'dir', 'level', 'parent', 'region', 'order'].map((k) => route.params[k] ?? '').join('|');
  if (last.report !== reportKey) {
    last.report = reportKey;
    last.table = tableKey;
    await loadReport(s, campaign, campaignId, asOf, knownAt, reportKey);
  } else if ((last.unit !== unit || last.table !== tableKey) && s.report) {
    last.table = tableKey;
    drawTable(s, unit);
    drawRateChart(s);
  }
  // the as-of date the panels below answer for: the one asked, else the report's (today)
  const day = asOf || s.shownAsOf;
  const unitKey = `${reportKey}|${unit}`;
  if (s.report && last.unitPanel !== unitKey) {
    last.unitPanel = unitKey;
    renderUnitPanel(s, campaignId, unit, day);
  }
  last.unit = unit;

  const alertsKey = `${campaignId}|${unit}|${kind}|${open}|${day}`;
  if (s.report && last.alerts !== alertsKey) {
    last.alerts = alertsKey;
    const units = (s.report?.rows ?? []).map((r) => ({ unitId: r.unitId, unitName: r.unitName }));
    renderAlerts(s.alerts, {
      campaignId,
      units,
      unitName,
      asOf: day,
      filter: { unitId: unit, kind, open: open !== 'false' },
      onFilter: (f) =>
        navigate({
          ...('unitId' in f ? { unit: f.unitId } : {}),
          ...('kind' in f ? { kind: f.kind } : {}),
          ...('open' in f ? { open: f.open ? '' : 'false' } : {}),
        }),
    });
  }
}

/** The table's sort and filters, as the route says. */
function tableView() {
  const { sort = '', dir = '', level = '', parent = '', region = '', order = '' } = parseRoute().params;
  return { sort, dir: dir === 'desc' ? 'desc' : 'asc', filter: { level, parent, region }, order: order === 'best' ? 'best' : 'worst' };
}

function drawTable(s, selectedUnitId) {
  const view = tableView();
  fill(
    s.filters,
    tableFilters(s.report, unitInfo, view.filter, (change) => navigate(change)),
  );
  const shown = filterRows(s.report.rows ?? [], unitInfo, view.filter);
  const filtering = Object.values(view.filter).some(Boolean);
  s.filterNote.hidden = !filtering;
  fill(s.filterNote, filtering ? `已筛选：显示 ${shown.length} / ${(s.report.rows ?? []).length} 个单位；小计与合计仍为全部单位。` : '');
  const table = reportTable(s.report, {
    collapsed: s.collapsed,
    selectedUnitId,
    showExtra: s.showExtra,
    rows: shown,
    filter: view.filter,
    sort: view.sort,
    dir: view.dir,
    onSort: (key) => {
      const now = tableView();
      // a new column starts worst-first for rates and counts alike: ascending; again → descending; again → table order
      if (now.sort !== key) navigate({ sort: key, dir: '' });
      else if (now.dir === 'asc') navigate({ dir: 'desc' });
      else navigate({ sort: '', dir: '' });
    },
    onSelectUnit: (id) => navigate({ unit: id === parseRoute().params.unit ? '' : id }),
    onToggleGroup: (level) => {
      if (s.collapsed.has(level)) s.collapsed.delete(level);
      else s.collapsed.add(level);
      drawTable(s, parseRoute().params.unit);
    },
  });
  fill(s.tableWrap, table);
}

/** The rate chart over the rows the filters show, in the order chosen, with its table beside it. */
function drawRateChart(s) {
  if (!s.report) return;
  const view = tableView();
  for (const b of s.orderButtons.children) b.setAttribute('aria-pressed', String(b.dataset.order === view.order));
  const rows = filterRows(s.report.rows ?? [], unitInfo, view.filter);
  const report = { ...s.report, rows };
  fill(s.rateData, rateTable(report, s.metric, view.order));
  renderRateByUnit(s.rateChart, report, s.metric, view.order).catch(chartError(s.rateChart));
}

async function loadReport(s, campaign, campaignId, asOf, knownAt, key) {
  s.status.dataset.state = 'loading';
  fill(s.status, '加载中…');
  let report;
  try {
    report = await reportAt(campaignId, asOf, knownAt);
  } catch (error) {
    if (last.report !== key) return;
    s.report = null;
    s.status.dataset.state = error instanceof ApiError && error.missingRoute ? 'unavailable' : 'error';
    fill(s.tableWrap);
    s.categories.render(null);
    return fill(s.status, unavailableNote(error, '统计表'));
  }
  if (last.report !== key) return; // a newer choice won
  s.report = report;
  for (const r of [...(report.rows ?? [])]) unitNames.set(r.unitId, r.unitName);
  const shownAsOf = formatDate(report.asOf) || asOf;
  s.shownAsOf = shownAsOf;
  if (!asOf && shownAsOf) s.asOf.value = shownAsOf;
  fill(
    s.title,
    campaign?.title ?? '统计表',
    h('small', null, ` 截至 ${shownAsOf}${report.knownAt ? ` · 知悉于 ${formatDateTime(report.knownAt)}` : ''}`),
  );
  drawTable(s, parseRoute().params.unit);
  s.categories.render(report);
  s.status.dataset.state = 'ready';
  s.status.dataset.asOf = shownAsOf;
  fill(
    s.status,
    `办结率 ${formatRate(report.total?.completionRate)} · 满意率 ${formatRate(report.total?.satisfactionRate)} · ${(report.rows ?? []).length} 个单位`,
  );
  document.title = `${campaign?.title ?? '统计表'} · 截至 ${shownAsOf} · 办结`;
  watchProjectorLag(s, report);
  // The rest after the table is on screen: charts (ECharts is most of the bytes), rankings.
  renderRankings(s.rankings, { campaignId, asOf: asOf || shownAsOf });
  drawRateChart(s);
  renderCurve(s, campaign, campaignId, shownAsOf, knownAt, key);
}

/**
 * GET /health/demo (no database: it answers at once, also while the load keeps PGlite busy) while
 * the first start loads the circular's campaign: a progress line, polled until the load is over;
 * then the page is drawn from scratch (campaigns, report, alerts).
 */
let demoTimer = null;
async function demoStillLoading(s) {
  let demo;
  try {
    demo = await getJson('/health/demo');
  } catch {
    demo = null; // no health summary: draw what there is
  }
  if (!demo || demo.state !== 'loading') {
    if (s.demo.dataset.state === 'loading') {
      s.demo.dataset.state = demo?.state ?? 'unknown';
      s.demo.hidden = true;
      campaigns = null; // the demo's campaign exists now
      reportCache.clear();
      last = {};
    }
    return false;
  }
  const pct = demo.total > 0 ? Math.floor((demo.loaded / demo.total) * 100) : 0;
  s.demo.hidden = false;
  s.demo.dataset.state = 'loading';
  s.demo.dataset.loaded = String(demo.loaded);
  s.demo.dataset.total = String(demo.total);
  fill(s.demo, `正在载入演示数据（通报中的"服务企业月"活动）：${demo.loaded} / ${demo.total} 步（${pct}%）。载入完成后显示统计表。`);
  s.status.dataset.state = 'demo-loading';
  fill(s.status);
  fill(s.tableWrap);
  s.report = null;
  if (!demoTimer)
    demoTimer = setTimeout(() => {
      demoTimer = null;
      if (shell === s && app.contains(s.root)) route();
    }, 2000);
  return true;
}

/**
 * The report reads projections; right after a start (the demo's first load, a rebuild) they can
 * lag the event store. The report says so (`catchingUp`, `lagEvents`); show it, poll /health,
 * and reload the figures once they have caught up.
 */
let lagTimer = null;
const LAG_WORTH_SAYING = 25;
async function watchProjectorLag(s, report) {
  if (lagTimer) return;
  let behind = false;
  let fromReport = report?.catchingUp ? Number(report.lagEvents) || 0 : null;
  const check = async () => {
    lagTimer = null;
    if (shell !== s || !app.contains(s.root)) return;
    let lag;
    if (fromReport !== null) {
      lag = fromReport; // what the report itself said when it was read
      fromReport = null;
    } else {
      try {
        lag = Number((await getJson('/health')).projectorLag) || 0;
      } catch {
        return; // no health summary: nothing to say
      }
    }
    s.lag.dataset.lag = String(lag);
    // A few events behind is the normal state of a live system (the watcher, other users).
    s.lag.dataset.current = String(lag < LAG_WORTH_SAYING);
    if (lag >= LAG_WORTH_SAYING) {
      behind = true;
      s.lag.hidden = false;
      fill(s.lag, `统计正在更新：还有 ${lag} 个事件未计入，数字可能偏小，稍后自动刷新。`);
      lagTimer = setTimeout(check, 3000);
    } else {
      s.lag.hidden = true;
      if (behind) {
        reportCache.clear();
        last = {};
        // the figures on screen are the old ones until the new report arrives
        s.status.dataset.state = 'loading';
        route();
      }
    }
  };
  await check();
}

/** The completion curve: the report as of each week from the campaign's start to the as-of date. */
async function renderCurve(s, campaign, campaignId, asOf, knownAt, key) {
  const start = campaign?.startsOn ? formatDate(campaign.startsOn) : null;
  if (!start || !asOf || asOf < start) {
    fill(s.curveNote, '活动开始之前没有数据。');
    fill(s.curveData);
    return;
  }
  const span = daysBetween(start, asOf);
  const step = 7 * Math.max(1, Math.ceil(span / 7 / 16)); // at most ≈16 points
  const dates = [];
  for (let d = addDays(start, step - 1); d < asOf; d = addDays(d, step)) dates.push(d);
  dates.push(asOf);
  s.curveChart.dataset.state = 'loading';
  fill(s.curveNote, `按周取数，共 ${dates.length} 个时点，最后一点为截至日期。`);
  const points = new Array(dates.length);
  let next = 0;
  const worker = async () => {
    while (next < dates.length) {
      const i = next++;
      const r = await reportAt(campaignId, dates[i], knownAt);
      points[i] = { asOf: dates[i], ...r.total };
    }
  };
  try {
    await Promise.all([worker(), worker()]);
    if (last.report !== key) return;
    fill(s.curveData, curveTable(points));
    await renderCompletionCurve(s.curveChart, points);
    s.curveChart.dataset.state = 'ready';
  } catch (error) {
    if (last.report === key) chartError(s.curveChart)(error);
  }
}

const ISSUE_PAGE = 100;

/**
 * A unit's issues as of the as-of date, counted as the table counts them — by the unit that
 * collected them (docs/dashboard.md) — a page at a time ("加载更多" for the next).
 */
async function renderUnitPanel(s, campaignId, unitId, asOf) {
  const panel = s.unitPanel;
  if (!unitId) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  const row = (s.report?.rows ?? []).find((r) => r.unitId === unitId);
  const body = h('div', { id: 'unit-issue-list', dataset: { state: 'loading' } }, h('p', { class: 'note' }, '加载中…'));
  fill(
    panel,
    h(
      'div',
      { class: 'card-head' },
      h(
        'h2',
        null,
        `${row?.unitName ?? unitName(unitId) ?? unitId} 的问题清单`,
        h(
          'small',
          { id: 'unit-strip' },
          ` ${LEVELS[row?.level] ?? ''} · 截至 ${asOf} · 收集 ${row?.issuesCollected ?? '—'} · 办结 ${row?.issuesResolved ?? '—'} · 办结率 ${formatRate(row?.completionRate)} · 超期未办结 ${row?.openOverdue ?? '—'}`,
        ),
      ),
      h('a', { class: 'button-link', id: 'unit-desk-link', href: `/desk#/?unitId=${encodeURIComponent(unitId)}` }, '发督办单'),
      h('button', { type: 'button', onclick: () => navigate({ unit: '' }) }, '关闭'),
    ),
    h('p', { class: 'note small' }, '按收集单位统计（与统计表一致）：列出该单位收集的问题及其截至当日的状态，含已转交其他单位办理的。'),
    body,
  );
  const tbody = h('tbody');
  const more = h('button', { type: 'button', class: 'load-more', hidden: true }, '加载更多');
  const count = h('p', { class: 'note small', id: 'unit-issue-count' });
  let page = 0;
  let shown = 0;
  let withdrawn = 0;
  const loadPage = async () => {
    page += 1;
    more.disabled = true;
    const query = { campaignId, collectingUnitId: unitId, asOf };
    const [result, gone] = await Promise.all([
      getJson('/issues', { ...query, page, pageSize: ISSUE_PAGE }),
      // withdrawn issues are listed but not counted as collected (the circular's rule): say how many
      page === 1 ? getJson('/issues', { ...query, state: 'withdrawn', pageSize: 1 }) : null,
    ]);
    if (gone) withdrawn = gone.total ?? 0;
    const issues = listOf(result, 'issues');
    const total = result?.total ?? issues.length;
    shown += issues.length;
    tbody.append(...issues.map((i) => issueRow(i)));
    body.dataset.total = String(total);
    body.dataset.withdrawn = String(withdrawn);
    fill(count, `共 ${total} 项${withdrawn ? `（其中已撤回 ${withdrawn} 项，不计入收集数）` : ''}，已显示 ${shown} 项`);
    more.hidden = shown >= total || issues.length === 0;
    more.disabled = false;
    return total;
  };
  more.addEventListener('click', () => loadPage().catch((error) => fill(count, unavailableNote(error, '问题清单'))));
  try {
    const total = await loadPage();
    body.dataset.state = total ? 'ready' : 'empty';
    if (!total) return fill(body, h('p', { class: 'note' }, '截至当日没有问题。'));
    fill(
      body,
      h(
        'div',
        { class: 'scroll-x' },
        h(
          'table',
          { class: 'list issues' },
          h('caption', { class: 'visually-hidden' }, '问题清单'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['问题', '企业', '类别', '状态', '责任单位', '承诺时限', '超期'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          tbody,
        ),
      ),
      count,
      more,
    );
  } catch (error) {
    body.dataset.state = error?.missingRoute ? 'unavailable' : 'error';
    fill(body, unavailableNote(error, '问题清单'));
  }
}

/** "〔2023〕12 号 · 标题" when the issue has a case number, else the title. */
function issueHeading(i) {
  const title = i.title ?? i.issueTitle ?? '';
  return i.caseNumber ? `${i.caseNumber} · ${title}` : title;
}

function issueRow(i) {
  const id = i.issueId ?? i.id;
  const responsible = i.responsibleUnitId && i.responsibleUnitId !== i.collectingUnitId ? (unitName(i.responsibleUnitId) ?? '') : '本单位';
  return h(
    'tr',
    { class: i.overdue ? 'overdue' : '', dataset: { issueId: id, state: i.state } },
    h('td', { class: 'issue-title' }, h('a', { href: `#/issues/${encodeURIComponent(id)}` }, issueHeading(i) || '（无标题）')),
    h(
      'td',
      { class: 'enterprise' },
      i.enterpriseName ?? '',
      i.enterpriseCode ? h('small', { class: 'code' }, ` ${i.enterpriseCode}`) : null,
    ),
    h('td', null, i.category ?? ''),
    h('td', null, STATES[i.state] ?? i.state ?? ''),
    h('td', null, responsible),
    h('td', { class: 'time' }, i.dueOn ? formatDate(i.dueOn) : '—'),
    h('td', null, i.overdue ? h('span', { class: 'badge tone-red' }, '超期') : ''),
  );
}

/** Units' regions and parents (the table's filters), once. */
async function ensureUnitInfo() {
  if (unitInfo.size) return;
  try {
    for (let page = 1; page <= 20; page++) {
      const body = await getJson('/units', { page, pageSize: 200 });
      const units = listOf(body, 'units');
      for (const u of units) {
        const id = u.unitId ?? u.id;
        unitInfo.set(id, { region: u.region ?? '', parentUnitId: u.parentUnitId ?? null, level: u.level });
        unitNames.set(id, u.name ?? u.unitName);
      }
      if (units.length < 200 || page * 200 >= (body?.total ?? 0)) break;
    }
  } catch {
    /* no filters by region then; the table still draws */
  }
}

// ---------- issue page ----------

async function renderIssue(route) {
  shell = null;
  disposeCharts();
  await ensureUnitInfo();
  await renderIssuePage(app, route.issueId, { unitName, back: sessionStorage.getItem('banjie.lastOverview') || '#/' });
}

// ---------- boot ----------

function rerender() {
  reportCache.clear();
  campaigns = null;
  shell = null;
  route();
}

function route() {
  const r = parseRoute();
  document.body.dataset.view = r.view;
  if (r.view === 'overview' && r.campaignId) sessionStorage.setItem('banjie.lastOverview', location.hash);
  const done = r.view === 'issue' ? renderIssue(r) : renderOverview(r);
  done.catch((error) => fill(app, h('p', { class: 'note error' }, `页面出错：${error.message}`)));
}

window.addEventListener('hashchange', route);
route();
// For tests and the curious: the formatting rules the page uses.
window.banjie = { formatRate, todayInBeijing };
