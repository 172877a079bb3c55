// Small form tools for the admin page: labelled fields, a message slot that shows a problem in
// Chinese (the server's English detail only in the tooltip), modal dialogs, and waiting for a
// list (a read model) to show what a command just wrote.
import { ApiError } from './api.js';
import { h } from './dom.js';

const LEADS = {
  400: '输入有误',
  401: '请重新登录',
  403: '无权执行此操作',
  404: '未找到',
  409: '与现有数据冲突',
  412: '数据已被他人修改，请刷新',
  422: '不符合规则',
  423: '账号已锁定',
  429: '操作过于频繁，请稍后再试',
};

/** Chinese messages for codes the admin page meets (the rest: the status's lead). */
const CODES = {
  'ACCOUNT.TAKEN': '该账号已被使用。',
  'ACCOUNT.INVALID': '账号为 3–64 位字母、数字或 . _ - @，以字母或数字开头。',
  'ACCOUNT.REQUIRED': '请填写账号。',
  'PASSWORD.REQUIRED': '请填写初始密码。',
  'USER.SELF_DISABLE': '不能停用自己的账号。',
  'USER.NOT_FOUND': '用户不存在。',
  'USER.INVALID': '用户信息不完整：办理人员须选择所属单位。',
  'UNIT.ALREADY_EXISTS': '该单位编号已存在。',
  'UNIT.RETIRED': '该单位已撤销。',
  'CAMPAIGN.ALREADY_EXISTS': '该活动编号已存在。',
  'CAMPAIGN.CLOSED': '该活动已结束。',
  'CAMPAIGN.CATEGORIES_INVALID': '类别目录有误：每行一个类别，不能为空或重复，每个最多 100 字，最多 50 个。',
};

export const ROLE_NAMES = { officer: '办理人员', supervisor: '督办专班', admin: '管理员' };

/** A labelled control; `name` ties field errors from the server to it. */
export function field(label, control, hint) {
  return h('label', null, h('span', null, label), control, hint ? h('span', { class: 'note small' }, hint) : null);
}

export function messageSlot() {
  return h('p', { class: 'form-message', role: 'status', hidden: true });
}

export function say(slot, tone, text, tooltip) {
  slot.hidden = !text;
  slot.dataset.tone = tone;
  slot.textContent = text ?? '';
  if (tooltip) slot.title = tooltip;
  else slot.removeAttribute('title');
}

/** Shows an API error in Chinese: the code's message, the fields' Chinese messages, else the status's lead. */
export function sayProblem(slot, error) {
  if (!(error instanceof ApiError)) return say(slot, 'error', `操作失败：${error?.message ?? error}`);
  const p = error.problem ?? {};
  const chinese = (p.errors ?? []).map((e) => e.message).filter((m) => /[\u4e00-\u9fff]/.test(String(m)));
  const text = CODES[p.code] ?? (chinese.length ? chinese.join('；') : `${LEADS[error.status] ?? '操作失败'}。`);
  say(slot, 'error', text, [p.code, p.detail].filter(Boolean).join(' — '));
}

/** A modal dialog with a form; resolves when `onSubmit` succeeds (it throws to keep the dialog open). */
export function openDialog(title, controls, onSubmit, submitLabel = '确定') {
  const slot = messageSlot();
  const dialog = h('dialog', { class: 'password-dialog', 'aria-label': title });
  const form = h(
    'form',
    {
      onsubmit: async (e) => {
        e.preventDefault();
        say(slot, 'error', null);
        try {
          await onSubmit(new FormData(form));
          dialog.close();
          dialog.remove();
        } catch (error) {
          sayProblem(slot, error);
        }
      },
    },
    h('h2', null, title),
    controls,
    slot,
    h(
      'div',
      { class: 'dialog-actions' },
      h('button', { type: 'submit', class: 'primary' }, submitLabel),
      h('button', { type: 'button', onclick: () => (dialog.close(), dialog.remove()) }, '取消'),
    ),
  );
  dialog.append(form);
  dialog.addEventListener('cancel', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('input, select, textarea')?.focus();
  return dialog;
}

/** Lists are read models: after a command, reload until `done(list)` or about 5 s have passed. */
export async function reloadUntil(load, done) {
  let list = await load();
  for (let i = 0; i < 25 && !done(list); i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    list = await load();
  }
  return list;
}

export function select(name, options, value, attrs = {}) {
  return h(
    'select',
    { name, ...attrs },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)),
  );
}
