// The enterprise's own rating (GET/POST /feedback/:token, docs/access.md): the page a feedback link
// opens in a browser — what was resolved, three choices, an optional comment, sent once. No account:
// the token in the address is the key, so the page sends no Authorization header and no referrer.
// Refusals are worded by the server's one Chinese catalogue (Accept-Language: zh-CN).
import { h, fill, $ } from './dom.js';
import { formatDate } from './format.js';
import { RATINGS } from './labels.js';
import { LANGUAGE } from './api.js';

const app = $('#app');
const token = decodeURIComponent(location.pathname.replace(/^.*\/feedback\//, '').replace(/\/+$/, ''));
const url = `/feedback/${encodeURIComponent(token)}`;

async function call(method, body) {
  const response = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...LANGUAGE, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => null);
  if (!response.ok)
    throw Object.assign(new Error(json?.detail ?? `请求失败（HTTP ${response.status}）`), { status: response.status, problem: json });
  return json;
}

function refusal(error) {
  const code = error.problem?.code;
  return h(
    'section',
    { class: 'card', id: 'feedback-refused', dataset: { code: code ?? String(error.status) } },
    h('h2', null, code === 'FEEDBACK_LINK.USED' || code === 'FEEDBACK_LINK.ALREADY_RATED' ? '已评价' : '无法评价'),
    h('p', null, error.problem?.detail ?? `无法打开评价页面：${error.message}`),
  );
}

async function main() {
  let view;
  try {
    view = await call('GET');
  } catch (error) {
    return fill(app, refusal(error));
  }
  const errorBox = h('p', { class: 'field-error', id: 'feedback-error', role: 'alert', hidden: true });
  const comment = h('textarea', {
    name: 'comment',
    id: 'feedback-comment',
    rows: 3,
    maxlength: 4000,
    placeholder: '可以写下您的意见或建议（选填）',
  });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'feedback-submit' }, '提交评价');
  const form = h(
    'form',
    {
      id: 'feedback-form',
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        const rating = form.querySelector('input[name=rating]:checked')?.value;
        if (!rating) {
          errorBox.hidden = false;
          errorBox.textContent = '请选择满意、基本满意或不满意。';
          return;
        }
        submit.disabled = true;
        try {
          await call('POST', { rating, ...(comment.value.trim() ? { comment: comment.value.trim() } : {}) });
          fill(
            app,
            h(
              'section',
              { class: 'card', id: 'feedback-thanks', dataset: { rating } },
              h('h2', null, '感谢您的评价！'),
              h('p', null, `您的评价“${RATINGS[rating]}”已记录，将计入本次“服务企业月”活动的满意率统计。`),
            ),
          );
        } catch (error) {
          submit.disabled = false;
          const fieldError = error.problem?.errors?.[0]?.message;
          errorBox.hidden = false;
          errorBox.textContent = fieldError ?? error.message;
        }
      },
    },
    h(
      'fieldset',
      { class: 'ratings big' },
      h('legend', null, '您对办理结果是否满意？'),
      Object.entries(RATINGS).map(([value, label]) =>
        h(
          'label',
          { class: 'radio' },
          // a choice answers "请选择…": the message goes as soon as a rating is chosen
          h('input', { type: 'radio', name: 'rating', value, onchange: () => (errorBox.hidden = true) }),
          ` ${label}`,
        ),
      ),
    ),
    h('label', { class: 'field' }, h('span', { class: 'label' }, '意见建议'), comment),
    errorBox,
    h('div', { class: 'actions' }, submit),
  );
  fill(
    app,
    h(
      'section',
      { class: 'card', id: 'feedback-view' },
      h('h2', null, view.title),
      h(
        'dl',
        { class: 'issue-summary' },
        h('dt', null, '企业'),
        h('dd', null, view.enterprise?.name ?? view.enterprise?.creditCode ?? ''),
        h('dt', null, '办理单位'),
        h('dd', null, view.unit?.name ?? ''),
        h('dt', null, '办结日期'),
        h('dd', null, formatDate(view.resolvedAt)),
        h('dt', null, '办理结果'),
        h('dd', { id: 'feedback-resolution' }, view.resolution ?? ''),
      ),
      h('p', { class: 'note small' }, `本链接仅可使用一次，有效期至 ${formatDate(view.expiresAt)}。`),
    ),
    h('section', { class: 'card' }, form),
  );
}

main();
