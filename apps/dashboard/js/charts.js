// ECharts, loaded only after the table is on screen (it is most of the page's bytes); each chart
// has a data table beside it (rateTable, curveTable) for screen readers and for copying figures.
import { h } from './dom.js';
import { formatCount, formatRate } from './format.js';

let loading = null;
export function loadECharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  loading ??= new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: '/assets/vendor/echarts.min.js', async: true });
    script.onload = () => resolve(window.echarts);
    script.onerror = () => {
      loading = null;
      reject(new Error('图表组件未能加载'));
    };
    document.head.append(script);
  });
  return loading;
}

const charts = new Map();
function chartIn(el) {
  let chart = charts.get(el);
  if (chart && chart.getDom() !== el) chart = null;
  if (!chart) {
    chart = window.echarts.init(el, null, { renderer: 'canvas' });
    charts.set(el, chart);
  }
  return chart;
}
window.addEventListener('resize', () => {
  for (const chart of charts.values()) chart.resize();
});

export function disposeCharts() {
  for (const chart of charts.values()) chart.dispose();
  charts.clear();
}

const pct = (r) => (r == null ? null : Math.round(r * 10000) / 100);

/** The units with a rate, in the order asked: 'worst' (lowest first, the laggards) or 'best'. */
function ranked(report, metric, order) {
  const sign = order === 'best' ? -1 : 1;
  return (report.rows ?? []).filter((r) => r[metric] != null).sort((a, b) => sign * (a[metric] - b[metric]));
}

const METRIC_LABEL = { completionRate: '办结率', satisfactionRate: '企业反馈满意率' };

/** The rate chart's figures as a table (the same units in the same order). */
export function rateTable(report, metric, order) {
  const rows = ranked(report, metric, order);
  const label = METRIC_LABEL[metric];
  return h(
    'details',
    { class: 'chart-table' },
    h('summary', null, `以表格查看${label}（${rows.length} 个单位）`),
    h(
      'div',
      { class: 'scroll-x' },
      h(
        'table',
        { class: 'list', dataset: { chart: 'rate-by-unit', metric, order } },
        h('caption', { class: 'visually-hidden' }, `各单位${label}`),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['单位', label, metric === 'completionRate' ? '办结 / 收集(项)' : '满意和基本满意 / 已评价(项)'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          null,
          rows.map((r) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, r.unitName),
              h('td', { class: 'num' }, formatRate(r[metric])),
              h(
                'td',
                { class: 'num' },
                metric === 'completionRate'
                  ? `${r.issuesResolved} / ${r.issuesCollected}`
                  : `${r.satisfied + r.basicallySatisfied} / ${r.rated}`,
              ),
            ),
          ),
        ),
        report.total?.[metric] != null
          ? h(
              'tfoot',
              null,
              h('tr', null, h('th', { scope: 'row' }, '全省'), h('td', { class: 'num' }, formatRate(report.total[metric])), h('td')),
            )
          : null,
      ),
    ),
  );
}

/** The completion curve's figures as a table. */
export function curveTable(points) {
  return h(
    'details',
    { class: 'chart-table' },
    h('summary', null, `以表格查看办结进度（${points.length} 个时点）`),
    h(
      'div',
      { class: 'scroll-x' },
      h(
        'table',
        { class: 'list', dataset: { chart: 'completion-curve' } },
        h('caption', { class: 'visually-hidden' }, '办结进度'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['截至', '收集问题建议(项)', '已办结(项)', '办结率'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          null,
          points.map((p) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, p.asOf),
              h('td', { class: 'num' }, formatCount(p.issuesCollected)),
              h('td', { class: 'num' }, formatCount(p.issuesResolved)),
              h('td', { class: 'num' }, formatRate(p.completionRate)),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * Rate by unit, in the order asked (`'worst'`: the lowest on top, for finding laggards; `'best'`:
 * the highest on top); the campaign-wide rate as a line; units below it in amber. `metric` is
 * 'completionRate' or 'satisfactionRate'. Units without a denominator are left out.
 */
export async function renderRateByUnit(el, report, metric, order = 'worst') {
  await loadECharts();
  const label = METRIC_LABEL[metric];
  const rows = ranked(report, metric, order);
  const overall = report.total?.[metric];
  el.style.height = `${Math.max(260, rows.length * 18 + 70)}px`;
  const chart = chartIn(el);
  chart.resize();
  chart.setOption(
    {
      animation: false,
      grid: { left: 8, right: 56, top: 36, bottom: 28, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: ([p]) => {
          const r = rows[rows.length - 1 - p.dataIndex];
          return metric === 'completionRate'
            ? `${r.unitName}<br>办结率 ${formatRate(r.completionRate)}（${r.issuesResolved}/${r.issuesCollected}）`
            : `${r.unitName}<br>满意率 ${formatRate(r.satisfactionRate)}（${r.satisfied + r.basicallySatisfied}/${r.rated}）`;
        },
      },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: {
        type: 'category',
        data: rows.map((r) => r.unitName).reverse(),
        axisLabel: { fontSize: 11, width: 120, overflow: 'truncate', interval: 0 },
      },
      series: [
        {
          type: 'bar',
          name: label,
          barMaxWidth: 12,
          data: rows
            .map((r) => ({
              value: pct(r[metric]),
              itemStyle: { color: overall != null && r[metric] < overall ? '#b45309' : '#0f766e' },
            }))
            .reverse(),
          label: { show: true, position: 'right', fontSize: 10, formatter: (p) => `${p.value}%` },
          markLine:
            overall == null
              ? undefined
              : {
                  symbol: 'none',
                  silent: true,
                  lineStyle: { color: '#334155', type: 'dashed' },
                  label: { formatter: `全省 ${formatRate(overall)}`, position: 'end', distance: 6 },
                  data: [{ xAxis: pct(overall) }],
                },
        },
      ],
    },
    true,
  );
}

/** Collected, resolved and the completion rate at each point of the curve. */
export async function renderCompletionCurve(el, points) {
  await loadECharts();
  const chart = chartIn(el);
  chart.setOption(
    {
      animation: false,
      legend: { top: 0, left: 0 },
      grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => p.asOf.slice(5)) },
      yAxis: [
        { type: 'value', name: '项', minInterval: 1 },
        { type: 'value', name: '办结率', max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: '收集问题建议', data: points.map((p) => p.issuesCollected), itemStyle: { color: '#94a3b8' } },
        { type: 'bar', name: '已办结', data: points.map((p) => p.issuesResolved), itemStyle: { color: '#0f766e' } },
        {
          type: 'line',
          name: '办结率',
          yAxisIndex: 1,
          data: points.map((p) => pct(p.completionRate)),
          itemStyle: { color: '#b91c1c' },
          label: { show: true, formatter: (p) => (p.value == null ? '' : `${p.value}%`), fontSize: 10 },
        },
      ],
    },
    true,
  );
}
