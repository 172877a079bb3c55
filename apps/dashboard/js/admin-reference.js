// Reference data on the admin page: units (register, rename, retire), campaigns (launch, close) and
// the working calendar's adjustments (a holiday or a make-up working day over the official calendar).
// Each is a command of the JSON API; the lists are read models, reloaded until they show it.
import { getJson, listOf } from './api.js';
import { h, fill } from './dom.js';
import { LEVELS } from './labels.js';
import { command } from './workbench-api.js';
import { field, messageSlot, openDialog, reloadUntil, say, sayProblem, select } from './admin-forms.js';

export async function loadUnits() {
  return listOf(await getJson('/units', { pageSize: 200 })).map((u) => ({ ...u, id: u.id ?? u.unitId }));
}

export async function renderUnits(root, { units: initial, onUnitsChanged }) {
  let units = initial;
  const tableWrap = h('div', { class: 'table-wrap' });
  const listMessage = messageSlot();
  const nameOf = (id) => units.find((u) => u.id === id)?.name ?? '—';
  const draw = () =>
    fill(
      tableWrap,
      h(
        'table',
        { class: 'admin-table', id: 'units-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['名称', '级别', '上级单位', '地区', '状态', '操作'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          null,
          units.map((u) =>
            h(
              'tr',
              { dataset: { unitId: u.id } },
              h('td', { dataset: { label: '名称' } }, u.name),
              h('td', { dataset: { label: '级别' } }, LEVELS[u.level] ?? u.level),
              h('td', { dataset: { label: '上级单位' } }, u.parentUnitId ? nameOf(u.parentUnitId) : '—'),
              h('td', { dataset: { label: '地区' } }, u.region ?? ''),
              h(
                'td',
                { dataset: { label: '状态' } },
                u.status === 'retired'
                  ? h('span', { class: 'tag', dataset: { tone: 'off' } }, '已撤销')
                  : h('span', { class: 'tag' }, '在用'),
              ),
              h(
                'td',
                { class: 'row-actions' },
                u.status === 'retired'
                  ? null
                  : [
                      h('button', { type: 'button', onclick: () => rename(u) }, '更名'),
                      h('button', { type: 'button', onclick: () => retire(u) }, '撤销'),
                    ],
              ),
            ),
          ),
        ),
      ),
    );
  const refresh = async (until) => {
    units = until ? await reloadUntil(loadUnits, until) : await loadUnits();
    onUnitsChanged(units);
    draw();
  };

  const parents = () => [['', '（无）'], ...units.filter((u) => u.level !== 'county' && u.status !== 'retired').map((u) => [u.id, u.name])];
  const created = messageSlot();
  const parentSelect = select('parentUnitId', parents(), '');
  const form = h(
    'form',
    {
      class: 'admin-form',
      id: 'create-unit',
      'aria-label': '登记单位',
      onsubmit: async (e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(form));
        const body = { name: data.name.trim(), level: data.level, region: data.region.trim() };
        if (data.parentUnitId) body.parentUnitId = data.parentUnitId;
        try {
          const { id } = await command('/units', body);
          form.reset();
          say(created, 'ok', `已登记 ${body.name}。`);
          await refresh((list) => list.some((u) => u.id === id));
          fill(
            parentSelect,
            parents().map(([v, label]) => h('option', { value: v }, label)),
          );
        } catch (error) {
          sayProblem(created, error);
        }
      },
    },
    field('名称', h('input', { name: 'name', required: true, maxlength: 200 })),
    field('级别', select('level', Object.entries(LEVELS), 'county')),
    field('上级单位', parentSelect, '县市区单位选所属市州'),
    field('地区', h('input', { name: 'region', required: true, maxlength: 200 })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '登记单位')),
    created,
  );

  function rename(u) {
    openDialog(
      `${u.name} 更名`,
      [field('新名称', h('input', { name: 'name', value: u.name, required: true, maxlength: 200 }))],
      async (data) => {
        const name = String(data.get('name')).trim();
        await command(`/units/${encodeURIComponent(u.id)}/rename`, { name });
        say(listMessage, 'ok', `已更名为 ${name}。`);
        await refresh((list) => list.some((x) => x.id === u.id && x.name === name));
      },
    );
  }

  function retire(u) {
    openDialog(
      `撤销 ${u.name}`,
      [h('p', null, '撤销后该单位不能再记录走访和问题；已有记录保留。'), field('原因', h('input', { name: 'reason', maxlength: 4000 }))],
      async (data) => {
        const reason = String(data.get('reason') ?? '').trim();
        await command(`/units/${encodeURIComponent(u.id)}/retire`, reason ? { reason } : {});
        say(listMessage, 'ok', `已撤销 ${u.name}。`);
        await refresh((list) => list.some((x) => x.id === u.id && x.status === 'retired'));
      },
      '撤销单位',
    );
  }

  fill(
    root,
    h('h1', null, '单位'),
    h('section', { class: 'card' }, h('h2', null, '登记单位'), form),
    h('section', { class: 'card' }, h('h2', null, `全部单位`), listMessage, tableWrap),
  );
  draw();
}

const CAMPAIGN_STATUS = { active: '进行中', closed: '已结束' };

/** A catalogue typed one category per line (or separated by 、，,), trimmed, blanks dropped. */
const categoriesOf = (text) =>
  String(text ?? '')
    .split(/[\n、，,]/)
    .map((c) => c.trim())
    .filter(Boolean);

/** The dialog that replaces a campaign's category catalogue (docs/categories.md). */
function changeCategories(c, onDone) {
  const list = h('textarea', { name: 'categories', rows: 8, required: true }, (c.categories ?? []).join('\n'));
  openDialog(
    `问题类别目录：${c.title}`,
    [field('类别（每行一个，按选择顺序）', list, '已收集的问题保留原类别；统计时不在目录中的类别单列为“目录外”。')],
    async (data) => {
      const categories = categoriesOf(data.get('categories'));
      await command(`/campaigns/${encodeURIComponent(c.id)}/categories`, { categories });
      await onDone(categories);
    },
    '保存目录',
  );
}

export async function renderCampaigns(root) {
  const load = async () => listOf(await getJson('/campaigns', { pageSize: 200 })).map((c) => ({ ...c, id: c.id ?? c.campaignId }));
  const tableWrap = h('div', { class: 'table-wrap' });
  const listMessage = messageSlot();
  const draw = (campaigns) =>
    fill(
      tableWrap,
      h(
        'table',
        { class: 'admin-table', id: 'campaigns-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['活动', '开始', '结束', '状态', '问题类别', '操作'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          null,
          campaigns.map((c) =>
            h(
              'tr',
              null,
              h('td', { dataset: { label: '活动' } }, c.title),
              h('td', { dataset: { label: '开始' } }, c.startsOn),
              h('td', { dataset: { label: '结束' } }, c.endsOn),
              h('td', { dataset: { label: '状态' } }, CAMPAIGN_STATUS[c.status] ?? c.status),
              h('td', { dataset: { label: '问题类别' }, class: 'categories' }, (c.categories ?? []).join('、')),
              h(
                'td',
                { class: 'row-actions' },
                h(
                  'button',
                  {
                    type: 'button',
                    dataset: { action: 'categories' },
                    onclick: () =>
                      changeCategories(c, async (categories) => {
                        say(listMessage, 'ok', `已更新 ${c.title} 的问题类别目录。`);
                        const same = (x) => JSON.stringify(x.categories ?? []) === JSON.stringify(categories);
                        draw(await reloadUntil(load, (list) => list.some((x) => x.id === c.id && same(x))));
                      }),
                  },
                  '修改类别',
                ),
                c.status === 'closed'
                  ? null
                  : h(
                      'button',
                      {
                        type: 'button',
                        onclick: () =>
                          openDialog(
                            `结束活动：${c.title}`,
                            [h('p', null, '结束后不能再记录走访和收集问题。')],
                            async () => {
                              await command(`/campaigns/${encodeURIComponent(c.id)}/close`, {});
                              say(listMessage, 'ok', `已结束 ${c.title}。`);
                              draw(await reloadUntil(load, (list) => list.some((x) => x.id === c.id && x.status === 'closed')));
                            },
                            '结束活动',
                          ),
                      },
                      '结束活动',
                    ),
              ),
            ),
          ),
        ),
      ),
    );
  const created = messageSlot();
  const form = h(
    'form',
    {
      class: 'admin-form',
      id: 'launch-campaign',
      'aria-label': '发起活动',
      onsubmit: async (e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(form));
        try {
          const categories = categoriesOf(data.categories);
          const { id } = await command('/campaigns', {
            title: data.title.trim(),
            startsOn: data.startsOn,
            endsOn: data.endsOn,
            ...(categories.length ? { categories } : {}),
          });
          form.reset();
          say(created, 'ok', `已发起 ${data.title}。考核指标与时限取默认值（见文档）。`);
          draw(await reloadUntil(load, (list) => list.some((c) => c.id === id)));
        } catch (error) {
          sayProblem(created, error);
        }
      },
    },
    field('活动名称', h('input', { name: 'title', required: true, maxlength: 200, placeholder: '服务企业月' })),
    field('开始日期', h('input', { name: 'startsOn', type: 'date', required: true })),
    field('结束日期', h('input', { name: 'endsOn', type: 'date', required: true })),
    field(
      '问题类别目录（每行一个）',
      h('textarea', { name: 'categories', rows: 4, placeholder: '留空则用默认目录' }),
      '默认：行政审批、工程款结算、资质资格、融资信贷、用地规划、政策咨询、其他',
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '发起活动')),
    created,
  );
  fill(
    root,
    h('h1', null, '活动'),
    h('section', { class: 'card' }, h('h2', null, '发起活动'), form),
    h('section', { class: 'card' }, h('h2', null, '全部活动'), listMessage, tableWrap),
  );
  draw(await load());
}

export async function renderCalendar(root) {
  const created = messageSlot();
  const daysWrap = h('div', { class: 'table-wrap' });
  const month = h('input', { type: 'month', name: 'month', 'aria-label': '月份' });
  const showMonth = async () => {
    const [y, m] = (month.value || new Date().toISOString().slice(0, 7)).split('-').map(Number);
    const from = `${y}-${String(m).padStart(2, '0')}-01`;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    // GET /calendar lists the days after `from`: start the day before the month.
    const before = new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
    const body = await getJson('/calendar', { from: before, to: `${y}-${String(m).padStart(2, '0')}-${last}` });
    const special = body.days.filter(
      (d) => d.name || (d.isWorkday ? [0, 6].includes(new Date(d.date).getUTCDay()) : ![0, 6].includes(new Date(d.date).getUTCDay())),
    );
    fill(
      daysWrap,
      special.length
        ? h(
            'table',
            { class: 'admin-table', id: 'calendar-days' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['日期', '上班/休息', '名称'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              null,
              special.map((d) =>
                h(
                  'tr',
                  null,
                  h('td', { dataset: { label: '日期' } }, d.date),
                  h('td', { dataset: { label: '上班/休息' } }, d.isWorkday ? '上班' : '休息'),
                  h('td', { dataset: { label: '名称' } }, d.name ?? ''),
                ),
              ),
            ),
          )
        : h('p', { class: 'note' }, `${from.slice(0, 7)} 没有节假日或调休。`),
    );
  };
  month.addEventListener('change', () => showMonth().catch((error) => sayProblem(created, error)));
  const form = h(
    'form',
    {
      class: 'admin-form',
      id: 'adjust-calendar',
      'aria-label': '调整工作日',
      onsubmit: async (e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(form));
        try {
          await command('/calendar/adjustments', {
            date: data.date,
            isWorkday: data.isWorkday === 'true',
            name: data.name.trim(),
            sourceNotice: data.sourceNotice.trim(),
          });
          say(created, 'ok', `已记录 ${data.date} ${data.isWorkday === 'true' ? '上班' : '休息'}（${data.name}）。`);
          month.value = data.date.slice(0, 7);
          form.reset();
          await showMonth();
        } catch (error) {
          sayProblem(created, error);
        }
      },
    },
    field('日期', h('input', { name: 'date', type: 'date', required: true })),
    field(
      '上班还是休息',
      select(
        'isWorkday',
        [
          ['false', '休息（节假日）'],
          ['true', '上班（调休补班）'],
        ],
        'false',
      ),
    ),
    field('名称', h('input', { name: 'name', required: true, maxlength: 200, placeholder: '国庆节' })),
    field(
      '依据文件',
      h('input', { name: 'sourceNotice', required: true, maxlength: 500, placeholder: '国务院办公厅关于……节假日安排的通知' }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '记录调整')),
    created,
  );
  fill(
    root,
    h('h1', null, '工作日历'),
    h('p', { class: 'note' }, '系统内置国家法定节假日与调休安排；此处补充尚未覆盖的年份或本地安排。办理时限按工作日计算。'),
    h('section', { class: 'card' }, h('h2', null, '调整工作日'), form),
    h('section', { class: 'card' }, h('h2', null, '查看某月的节假日与调休'), field('月份', month), daysWrap),
  );
  await showMonth().catch((error) => sayProblem(created, error));
}
