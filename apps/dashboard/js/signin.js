// Signing in (docs/access.md "Accounts and passwords"), shared by the dashboard, the workbench and
// the admin page: an account name and a password (POST /auth/login) give a session token that
// lives in this tab's sessionStorage (api.js) and is sent as a bearer token; programs and old
// habits may still paste an API token. A password an administrator set must be changed first
// (POST /auth/password) — until then the server answers nothing else. 退出 ends the session on
// the server (POST /auth/logout) and forgets it here.
import { LANGUAGE, apiUrl, session } from './api.js';
import { h, fill } from './dom.js';

const USER_KEY = 'banjie.user';
const ROLE_NAMES = { officer: '办理人员', supervisor: '督办专班', admin: '管理员' };

/** The page's own words; the server's refusals come in Chinese from its catalogue (Accept-Language). */
const MESSAGES = {
  'AUTH.TOO_MANY_FAILURES': '本机登录失败次数过多，请稍后再试。',
  'AUTH.TOKEN_INVALID': '令牌无效、已过期或已撤销。',
};

/** The signed-in person as the last GET /me said (name, role, unit), or null. */
export function signedInUser() {
  if (!session.token) return null;
  try {
    return JSON.parse(sessionStorage.getItem(USER_KEY) || 'null');
  } catch {
    return null;
  }
}

function remember(user) {
  if (user) sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  else sessionStorage.removeItem(USER_KEY);
}

async function post(path, body, token) {
  const headers = { accept: 'application/json', 'content-type': 'application/json', ...LANGUAGE };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(apiUrl(path), { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
  let json = null;
  try {
    json = await response.json();
  } catch {
    /* no body */
  }
  return { ok: response.ok, status: response.status, body: json, retryAfter: Number(response.headers.get('retry-after')) || null };
}

async function whoAmI(token) {
  const response = await fetch(apiUrl('/me'), { headers: { accept: 'application/json', ...LANGUAGE, authorization: `Bearer ${token}` } });
  if (!response.ok) return null;
  return response.json();
}

function problemMessage(result) {
  const code = result.body?.code;
  let text = result.body?.detail ?? (result.status === 429 ? MESSAGES['AUTH.TOO_MANY_FAILURES'] : `登录失败（HTTP ${result.status}）。`);
  if (result.retryAfter && (code === 'AUTH.ACCOUNT_LOCKED' || result.status === 429)) {
    text += `请 ${Math.ceil(result.retryAfter / 60)} 分钟后再试，或请管理员重置密码。`;
  }
  const fields = (result.body?.errors ?? []).map((e) => e.message).filter((m) => /[\u4e00-\u9fff]/.test(m));
  if (fields.length) text = fields.join('；');
  return text;
}

/**
 * Mounts the sign-in box into `box` (the top bar's #login). `onChange()` is called whenever the
 * page should redraw for another person (signed in, changed the due password, signed out).
 * Answers `{ render }` for pages that redraw the box themselves.
 */
export function mountSignIn(box, { onChange, banner }) {
  let useToken = false;
  let busy = false;

  const error = h('p', { class: 'signin-error', role: 'alert', hidden: true });
  const showError = (text) => {
    error.hidden = !text;
    error.textContent = text ?? '';
  };

  async function finish(token, me) {
    session.token = token;
    remember({ userId: me.userId, name: me.name, role: me.role, unitId: me.unitId, unitName: me.unitName, account: me.account });
    if (banner) banner.hidden = true;
    if (me.mustChangePassword) {
      render();
      return askForNewPassword(true);
    }
    render();
    onChange();
  }

  async function signInWithPassword(account, password) {
    const result = await post('/auth/login', { account, password });
    if (!result.ok) return showError(problemMessage(result));
    const me = (await whoAmI(result.body.token)) ?? { ...result.body.user, mustChangePassword: result.body.mustChangePassword };
    return finish(result.body.token, me);
  }

  async function signInWithToken(token) {
    const me = await whoAmI(token);
    if (!me) return showError(MESSAGES['AUTH.TOKEN_INVALID']);
    return finish(token, me);
  }

  async function signOut() {
    const token = session.token;
    session.token = '';
    remember(null);
    // A session ends on the server too; an API token stays valid (an administrator revokes it).
    if (token) await post('/auth/logout', {}, token).catch(() => undefined);
    render();
    onChange();
  }

  /** The password change: required after an administrator set the password, or asked for by the person. */
  function askForNewPassword(required) {
    const current = h('input', { type: 'password', name: 'currentPassword', autocomplete: 'current-password', required: true });
    const next = h('input', { type: 'password', name: 'newPassword', autocomplete: 'new-password', required: true, minlength: 10 });
    const again = h('input', { type: 'password', name: 'confirmPassword', autocomplete: 'new-password', required: true });
    const message = h('p', { class: 'signin-error', role: 'alert', hidden: true });
    const dialog = h(
      'dialog',
      { class: 'password-dialog', 'aria-labelledby': 'password-dialog-title' },
      h(
        'form',
        {
          method: 'dialog',
          onsubmit: async (e) => {
            e.preventDefault();
            message.hidden = true;
            if (next.value !== again.value) {
              message.hidden = false;
              message.textContent = '两次输入的新密码不一致。';
              return;
            }
            const result = await post('/auth/password', { currentPassword: current.value, newPassword: next.value }, session.token);
            if (!result.ok) {
              message.hidden = false;
              message.textContent = problemMessage(result);
              return;
            }
            dialog.close();
            dialog.remove();
            onChange();
          },
        },
        h('h2', { id: 'password-dialog-title' }, required ? '请先修改密码' : '修改密码'),
        required ? h('p', null, '您的密码由管理员设置，首次登录须改为只有您自己知道的密码。') : null,
        h('p', { class: 'note small' }, '至少 10 个字符，含字母、数字、其他字符中的至少两类；不能包含账号名，不能是常见密码。'),
        h('label', null, '当前密码', current),
        h('label', null, '新密码', next),
        h('label', null, '再次输入新密码', again),
        message,
        h(
          'div',
          { class: 'dialog-actions' },
          h('button', { type: 'submit', class: 'primary' }, '修改密码'),
          required
            ? h('button', { type: 'button', onclick: () => (dialog.close(), dialog.remove(), signOut()) }, '退出登录')
            : h('button', { type: 'button', onclick: () => (dialog.close(), dialog.remove()) }, '取消'),
        ),
      ),
    );
    // Escape would leave a session that may do nothing: a required change is answered or signed out of.
    dialog.addEventListener('cancel', (e) => {
      if (required) e.preventDefault();
      else dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
    current.focus();
  }

  function render() {
    showError(null);
    if (session.token) {
      const user = signedInUser();
      const name = user?.name ?? user?.account ?? '';
      const role = ROLE_NAMES[user?.role];
      const who = user ? (role && !name.includes(role) ? `${name}（${role}）` : name) : '已登录';
      return fill(
        box,
        h('span', { class: 'who', title: user?.account ? `账号 ${user.account}` : undefined }, who),
        user?.unitName ? h('span', { class: 'who-unit' }, user.unitName) : null,
        user?.account
          ? h('button', { type: 'button', dataset: { action: 'change-password' }, onclick: () => askForNewPassword(false) }, '修改密码')
          : null,
        h('button', { type: 'button', dataset: { action: 'sign-out' }, onclick: () => signOut() }, '退出'),
      );
    }
    const submit = h('button', { type: 'submit', class: 'primary' }, '登录');
    const fields = useToken
      ? [
          h(
            'label',
            null,
            h('span', { class: 'field-name' }, '访问令牌'),
            h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true }),
          ),
        ]
      : [
          h(
            'label',
            null,
            h('span', { class: 'field-name' }, '账号'),
            h('input', {
              type: 'text',
              name: 'account',
              autocomplete: 'username',
              required: true,
              autocapitalize: 'none',
              spellcheck: 'false',
            }),
          ),
          h(
            'label',
            null,
            h('span', { class: 'field-name' }, '密码'),
            h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true }),
          ),
        ];
    const form = h(
      'form',
      {
        class: 'signin',
        'aria-label': '登录',
        onsubmit: async (e) => {
          e.preventDefault();
          if (busy) return;
          busy = true;
          submit.disabled = true;
          showError(null);
          try {
            const data = new FormData(form);
            if (useToken) await signInWithToken(String(data.get('token') ?? '').trim());
            else await signInWithPassword(String(data.get('account') ?? '').trim(), String(data.get('password') ?? ''));
          } catch (err) {
            showError(`登录失败：${err.message}`);
          } finally {
            busy = false;
            submit.disabled = false;
          }
        },
      },
      fields,
      submit,
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          dataset: { action: 'use-token' },
          title: useToken ? '' : 'API token',
          onclick: () => {
            useToken = !useToken;
            render();
            box.querySelector('input')?.focus();
          },
        },
        useToken ? '用账号密码登录' : '使用访问令牌',
      ),
    );
    fill(box, form, error);
  }

  render();
  // A tab reloaded in the middle of a required change: ask again (the server refuses all else meanwhile).
  if (session.token) {
    whoAmI(session.token)
      .then((me) => {
        if (!me) return;
        remember({ userId: me.userId, name: me.name, role: me.role, unitId: me.unitId, unitName: me.unitName, account: me.account });
        render();
        if (me.mustChangePassword) askForNewPassword(true);
      })
      .catch(() => undefined);
  }
  return { render };
}
