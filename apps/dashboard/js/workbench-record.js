// Record the field work in one sitting: an assistance activity (form, date, the enterprises reached,
// picked by credit code or name) and the issues collected in it, several at once. Ids are made here,
// so saving again after a refused field re-sends the same creations (idempotent), never duplicates.
import { getJson, listOf } from './api.js';
import { h, fill } from './dom.js';
import { FORMS } from './labels.js';
import { command, fieldErrors, newId, problemText } from './workbench-api.js';
import { checkCreditCode, looksLikeCode, normalizeCreditCode } from './workbench-credit-code.js';
import { attachmentPicker, attachmentsOf } from './attachments.js';

export const CATEGORIES = [
  '行政审批',
  '工程款结算',
  '资质资格',
  '招标投标',
  '质量安全',
  '融资信贷',
  '政策咨询',
  '市场准入',
  '用工用地',
  '其他',
];

/** Shows `message` in the error slot after `input` (or clears it); marks the input aria-invalid. */
export function showFieldError(container, field, message) {
  const slot = container.querySelector(`[data-error-for="${field}"]`);
  const input = container.querySelector(`[name="${field}"]`);
  if (slot) {
    slot.textContent = message ?? '';
    slot.hidden = !message;
  }
  if (input) input.setAttribute('aria-invalid', message ? 'true' : 'false');
  return !!slot;
}

export function errorSlot(field) {
  return h('span', { class: 'field-error', role: 'alert', dataset: { errorFor: field }, hidden: true });
}

/** Problem+json errors next to their fields; the rest (or a rule's refusal) in the form's own slot. */
export function showProblem(container, error, { fields = [], alias = {} } = {}) {
  for (const f of fields) showFieldError(container, f, null);
  const byField = fieldErrors(error);
  let placed = false;
  for (const [field, message] of Object.entries(byField)) {
    const target = alias[field] ?? field;
    if (fields.includes(target) && showFieldError(container, target, message)) placed = true;
  }
  const general = container.querySelector(':scope > [data-error-for="_form"]');
  if (general) {
    general.hidden = false;
    general.textContent = placed ? `${problemText(error).split('：')[0]}：请按字段旁的提示修改。` : problemText(error);
  }
}

function clearErrors(container) {
  for (const slot of container.querySelectorAll('[data-error-for]')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const input of container.querySelectorAll('[aria-invalid=true]')) input.setAttribute('aria-invalid', 'false');
}

const field = (label, input, name, hint) =>
  h('div', { class: 'field' }, h('label', null, h('span', { class: 'label' }, label), input), hint ?? null, errorSlot(name));

export function renderRecord(el, ctx, { queueHash }) {
  const today = ctx.today;
  const campaign = ctx.campaign;
  const state = { activityId: newId(), saved: false, picked: [], issues: [] };
  const root = h('div', { class: 'wb-record' });
  fill(el, root);

  // ---- the activity ----
  const form = h(
    'select',
    { name: 'form', id: 'activity-form' },
    Object.entries(FORMS).map(([value, label]) => h('option', { value }, label)),
  );
  const heldOn = h('input', {
    type: 'date',
    name: 'heldOn',
    id: 'activity-held-on',
    value: today,
    max: today,
    min: campaign.startsOn ?? '',
  });
  const summary = h('textarea', {
    name: 'summary',
    id: 'activity-summary',
    rows: 2,
    maxlength: 4000,
    placeholder: '走访了哪些项目、谈了什么',
  });
  const search = h('input', {
    type: 'text',
    id: 'enterprise-search',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: '输入统一社会信用代码或企业名称',
    'aria-describedby': 'enterprise-hint',
  });
  const hint = h('div', { id: 'enterprise-hint', class: 'code-hint', dataset: { state: 'empty' }, 'aria-live': 'polite' });
  const suggestions = h('ul', { id: 'enterprise-suggestions', class: 'suggestions', role: 'listbox', 'aria-label': '查到的企业' });
  const picked = h('ul', { id: 'picked-enterprises', class: 'chips' });
  const registerBox = h('div', { id: 'enterprise-register', class: 'register', hidden: true });

  const activitySection = h(
    'fieldset',
    { class: 'card', id: 'activity' },
    h('legend', null, '① 帮扶活动'),
    h(
      'div',
      { class: 'grid-fields' },
      field('活动形式', form, 'form'),
      field('活动日期', heldOn, 'heldOn', h('small', { class: 'hint' }, '补录以前的活动时选实际日期；录入时间会一并记下。')),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'enterprise-search' }, h('span', { class: 'label' }, '走访企业')),
      h('div', { class: 'picker' }, search, hint, suggestions, registerBox),
      picked,
      errorSlot('enterpriseCodes'),
    ),
    field('活动情况', summary, 'summary'),
    attachmentPicker({ id: 'activity-attachments', label: '走访照片和材料' }),
    errorSlot('_form'),
  );

  // ---- the issues ----
  const issueList = h('div', { id: 'issue-rows' });
  const addIssue = h('button', { type: 'button', id: 'add-issue', onclick: () => addIssueRow() }, '＋ 再添加一条问题建议');
  const issuesSection = h(
    'section',
    { class: 'card', id: 'issues' },
    h('h2', null, '② 本次收集的问题建议', h('small', null, ' 一次活动可收集多条；不收集问题也可只保存活动')),
    issueList,
    addIssue,
  );

  const saveButton = h('button', { type: 'submit', class: 'primary', id: 'save-record' }, '保存');
  const status = h('div', { id: 'record-status', class: 'record-status', dataset: { state: 'idle' }, 'aria-live': 'polite' });
  const datalist = h(
    'datalist',
    { id: 'category-options' },
    CATEGORIES.map((c) => h('option', { value: c })),
  );
  const formEl = h(
    'form',
    {
      id: 'record-form',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        save();
      },
    },
    activitySection,
    issuesSection,
    datalist,
    h('div', { class: 'actions save' }, saveButton, h('a', { href: queueHash() }, '返回我的待办')),
    status,
  );
  fill(
    root,
    h('h2', { class: 'page-title' }, '记录走访和问题', h('small', null, ` ${ctx.unit?.name ?? ''} · ${campaign.title ?? ''}`)),
    formEl,
  );

  // ---- enterprise picker ----
  function renderPicked() {
    fill(
      picked,
      state.picked.map((e) =>
        h(
          'li',
          { class: 'chip', dataset: { code: e.creditCode } },
          h('span', null, e.name ?? ''),
          h('code', null, e.creditCode),
          state.saved
            ? null
            : h(
                'button',
                {
                  type: 'button',
                  class: 'remove',
                  'aria-label': `移除 ${e.name ?? e.creditCode}`,
                  onclick: () => {
                    state.picked = state.picked.filter((p) => p.creditCode !== e.creditCode);
                    renderPicked();
                  },
                },
                '×',
              ),
        ),
      ),
    );
    for (const row of state.issues) row.refreshEnterprises();
  }

  function pick(enterprise) {
    if (!state.picked.some((p) => p.creditCode === enterprise.creditCode)) state.picked.push(enterprise);
    ctx.enterprises.set(enterprise.creditCode, enterprise.name);
    search.value = '';
    fill(suggestions);
    registerBox.hidden = true;
    setHint({ state: 'empty', message: '' });
    showFieldError(activitySection, 'enterpriseCodes', null);
    renderPicked();
    search.focus();
  }

  function setHint(check) {
    hint.dataset.state = check.state;
    hint.textContent = check.message;
  }

  function offerRegistration(code) {
    const name = h('input', { type: 'text', name: 'name', id: 'new-enterprise-name', placeholder: '企业名称', maxlength: 100 });
    const region = h('input', {
      type: 'text',
      name: 'region',
      id: 'new-enterprise-region',
      value: ctx.unit?.region ?? '',
      placeholder: '所在地区',
      maxlength: 100,
    });
    const box = h(
      'div',
      null,
      h('p', { class: 'note small' }, `系统中还没有 ${code}，登记后加入本次走访：`),
      h(
        'div',
        { class: 'inline' },
        field('企业名称', name, 'name'),
        field('地区', region, 'region'),
        h(
          'button',
          {
            type: 'button',
            id: 'register-enterprise',
            onclick: async () => {
              clearErrors(box);
              try {
                await command('/enterprises', { creditCode: code, name: name.value.trim(), region: region.value.trim() });
                pick({ creditCode: code, name: name.value.trim() });
              } catch (error) {
                showProblem(box, error, { fields: ['name', 'region', 'creditCode'] });
              }
            },
          },
          '登记并添加',
        ),
      ),
      errorSlot('creditCode'),
      errorSlot('_form'),
    );
    fill(registerBox, box);
    registerBox.hidden = false;
  }

  let searchSeq = 0;
  let timer = null;
  async function lookup() {
    const seq = ++searchSeq;
    const text = search.value.trim();
    registerBox.hidden = true;
    if (!text) {
      setHint({ state: 'empty', message: '' });
      return fill(suggestions);
    }
    if (looksLikeCode(text)) {
      const check = checkCreditCode(text);
      setHint(check);
      if (check.state === 'invalid') return fill(suggestions);
      if (check.state === 'valid') {
        try {
          const e = await getJson(`/enterprises/${encodeURIComponent(check.code)}`);
          if (seq !== searchSeq) return;
          return fill(suggestions, suggestion({ creditCode: check.code, name: e.name, region: e.region }));
        } catch (error) {
          if (seq !== searchSeq) return;
          fill(suggestions);
          if (error.status === 404) return offerRegistration(check.code);
          return setHint({ state: 'invalid', message: `查询失败：${error.message}` });
        }
      }
    } else {
      setHint({ state: 'search', message: '按名称查找…' });
    }
    if (text.length < 2) return fill(suggestions);
    try {
      const found = listOf(await getJson('/enterprises', { q: looksLikeCode(text) ? normalizeCreditCode(text) : text, pageSize: 8 }));
      if (seq !== searchSeq) return;
      if (!looksLikeCode(text))
        setHint({
          state: found.length ? 'search' : 'none',
          message: found.length ? `找到 ${found.length} 家，点击加入` : '没有找到；也可以直接输入 18 位信用代码登记',
        });
      fill(suggestions, found.map(suggestion));
    } catch (error) {
      if (seq === searchSeq) setHint({ state: 'invalid', message: `查询失败：${error.message}` });
    }
  }
  const suggestion = (e) =>
    h(
      'li',
      { role: 'option', dataset: { code: e.creditCode } },
      h(
        'button',
        { type: 'button', onclick: () => pick(e) },
        h('span', null, e.name ?? ''),
        ' ',
        h('code', null, e.creditCode),
        e.region ? h('small', null, ` ${e.region}`) : null,
      ),
    );
  search.addEventListener('input', () => {
    clearTimeout(timer);
    const text = search.value.trim();
    if (looksLikeCode(text)) setHint(checkCreditCode(text)); // at once, on every keystroke
    timer = setTimeout(lookup, 200);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    suggestions.querySelector('button')?.click();
  });

  // ---- issue rows ----
  function addIssueRow() {
    const n = state.issues.length + 1;
    const row = { id: newId(), saved: false };
    const enterprise = h('select', { name: 'enterpriseCode' });
    const kind = h('select', { name: 'kind' }, h('option', { value: 'problem' }, '问题'), h('option', { value: 'suggestion' }, '建议'));
    const category = h('input', {
      type: 'text',
      name: 'category',
      list: 'category-options',
      maxlength: 100,
      placeholder: '如：工程款结算',
    });
    const title = h('input', { type: 'text', name: 'title', maxlength: 200, placeholder: '一句话说明问题' });
    const description = h('textarea', { name: 'description', rows: 3, maxlength: 4000, placeholder: '企业反映的具体情况、诉求' });
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'remove-row',
        onclick: () => {
          state.issues = state.issues.filter((r) => r !== row);
          row.el.remove();
        },
      },
      '删除此条',
    );
    row.el = h(
      'fieldset',
      { class: 'issue-row', dataset: { row: n } },
      h('legend', null, `问题建议 ${n}`),
      h(
        'div',
        { class: 'grid-fields' },
        field('企业', enterprise, 'enterpriseCode'),
        field('类型', kind, 'kind'),
        field('类别', category, 'category'),
      ),
      field('标题', title, 'title'),
      field('具体情况', description, 'description'),
      h('div', { class: 'row-foot' }, remove, h('span', { class: 'row-status' })),
      errorSlot('_form'),
    );
    row.refreshEnterprises = () => {
      const current = enterprise.value;
      fill(
        enterprise,
        state.picked.length
          ? state.picked.map((e) =>
              h('option', { value: e.creditCode, selected: e.creditCode === current }, `${e.name ?? ''} ${e.creditCode}`),
            )
          : h('option', { value: '' }, '先在上面添加走访企业'),
      );
    };
    row.values = () => ({
      enterpriseCode: enterprise.value,
      kind: kind.value,
      category: category.value.trim(),
      title: title.value.trim(),
      description: description.value.trim(),
    });
    row.lock = (issueId) => {
      row.saved = true;
      for (const input of row.el.querySelectorAll('input, select, textarea, button')) input.disabled = true;
      row.el.dataset.saved = 'true';
      fill(
        row.el.querySelector('.row-status'),
        '✓ 已保存 ',
        h('a', { href: `#/issues/${encodeURIComponent(issueId)}`, class: 'saved-issue', dataset: { issueId } }, '打开问题'),
      );
    };
    row.refreshEnterprises();
    state.issues.push(row);
    issueList.append(row.el);
    return row;
  }
  addIssueRow();

  // ---- save: the activity first, then each issue not saved yet ----
  function occurredAt() {
    // Recorded on the day: "now" (the server's clock). Back-dated: midday of that day, Beijing time.
    return heldOn.value && heldOn.value < today ? `${heldOn.value}T12:00:00+08:00` : undefined;
  }

  async function save() {
    clearErrors(formEl);
    status.dataset.state = 'saving';
    fill(status, '保存中…');
    saveButton.disabled = true;
    try {
      if (!state.saved) {
        if (activitySection.querySelector('.attachment-picker')?.uploading()) {
          showFieldError(activitySection, '_form', '照片或材料还在上传，请稍候再保存。');
          throw new Error('uploading');
        }
        if (!state.picked.length) {
          showFieldError(activitySection, 'enterpriseCodes', '请至少添加一家走访企业（输入信用代码或名称）');
          throw new Error('no enterprise');
        }
        try {
          await command('/activities', {
            id: state.activityId,
            campaignId: campaign.id,
            unitId: ctx.unitId,
            form: form.value,
            heldOn: heldOn.value,
            enterpriseCodes: state.picked.map((e) => e.creditCode),
            summary: summary.value.trim(),
            occurredAt: occurredAt(),
            ...attachmentsOf(activitySection),
          });
        } catch (error) {
          showProblem(activitySection, error, {
            fields: ['form', 'heldOn', 'enterpriseCodes', 'summary'],
            alias: { occurredAt: 'heldOn', campaignId: 'heldOn', id: '_form' },
          });
          throw error;
        }
        state.saved = true;
        activitySection.dataset.saved = 'true';
        for (const input of activitySection.querySelectorAll('input, select, textarea')) input.disabled = true;
        renderPicked();
        activitySection.querySelector('legend').textContent = '① 帮扶活动 ✓ 已保存';
      }
      let failed = 0;
      for (const row of state.issues) {
        if (row.saved) continue;
        const v = row.values();
        if (!v.title && !v.description && !v.category) {
          row.el.remove();
          continue;
        } // an untouched row
        try {
          await command('/issues', {
            id: row.id,
            campaignId: campaign.id,
            unitId: ctx.unitId,
            activityId: state.activityId,
            ...v,
            occurredAt: occurredAt(),
          });
          row.lock(row.id);
        } catch (error) {
          failed++;
          showProblem(row.el, error, {
            fields: ['enterpriseCode', 'kind', 'category', 'title', 'description'],
            alias: { occurredAt: '_form' },
          });
        }
      }
      state.issues = state.issues.filter((r) => r.el.isConnected);
      if (failed) {
        status.dataset.state = 'partial';
        fill(status, `活动已保存；${failed} 条问题未保存，请按提示修改后再点“保存”。`);
        return;
      }
      const savedIssues = state.issues.filter((r) => r.saved);
      status.dataset.state = 'saved';
      fill(
        status,
        h('strong', null, `已保存：1 次活动，${savedIssues.length} 条问题建议。`),
        ' ',
        h('a', { href: queueHash(), id: 'back-to-queue' }, '回到我的待办'),
        ' · ',
        h(
          'a',
          {
            href: '#/record',
            id: 'record-another',
            onclick: (e) => {
              e.preventDefault();
              renderRecord(el, ctx, { queueHash });
            },
          },
          '再记录一次',
        ),
      );
      addIssue.disabled = false;
    } catch {
      if (status.dataset.state === 'saving') {
        status.dataset.state = 'error';
        fill(status, state.saved ? '问题未全部保存。' : '活动未保存，请按提示修改。');
      }
    } finally {
      saveButton.disabled = false;
    }
  }
}
