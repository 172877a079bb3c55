// Users and accounts on the admin page: create a person with an account name and an initial
// password (they must change it at the first sign-in), reset a password, change role and unit,
// disable / enable; and the access log (sign-ins and every administrator action).
import { getJson } from './api.js';
import { h, fill } from './dom.js';
import { LEVELS } from './labels.js';
import { command } from './workbench-api.js';
import { ROLE_NAMES, field, messageSlot, openDialog, reloadUntil, say, sayProblem, select } from './admin-forms.js';

const POLICY = '至少 10 个字符，含字母、数字、其他字符中的至少两类；不能包含账号名，不能是常见密码。';

function unitOptions(units, withEmpty) {
  const active = units.filter((u) => u.status !== 'retired');
  return [...(withEmpty ? [['', '（无）']] : []), ...active.map((u) => [u.id, `${u.name}（${LEVELS[u.level] ?? u.level}）`])];
}

function statusOf(user) {
  if (user.disabledAt) return h('span', { class: 'tag', dataset: { tone: 'off' } }, '已停用');
  if (!user.account) return h('span', { class: 'tag', title: 'API token' }, '仅访问令牌');
  if (user.mustChangePassword) return h('span', { class: 'tag', dataset: { tone: 'warn' } }, '待本人改密码');
  return h('span', { class: 'tag' }, '正常');
}

export async function renderUsers(root, { units, me }) {
  const unitName = (id) => units.find((u) => u.id === id)?.name ?? (id ? id : '—');
  const tableWrap = h('div', { class: 'table-wrap' });
  const listMessage = messageSlot();

  const load = () => getJson('/users');
  const draw = (users) =>
    fill(
      tableWrap,
      h(
        'table',
        { class: 'admin-table', id: 'users-table' },
        h('caption', { class: 'visually-hidden' }, '用户列表'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['姓名', '账号', '角色', '所属单位', '状态', '操作'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          null,
          users.map((u) =>
            h(
              'tr',
              { dataset: { account: u.account ?? '', userId: u.userId } },
              h('td', { dataset: { label: '姓名' } }, u.name),
              h('td', { dataset: { label: '账号' } }, u.account ?? '—'),
              h('td', { dataset: { label: '角色' } }, ROLE_NAMES[u.role] ?? u.role),
              h('td', { dataset: { label: '所属单位' } }, unitName(u.unitId)),
              h('td', { dataset: { label: '状态' } }, statusOf(u)),
              h(
                'td',
                { class: 'row-actions' },
                h(
                  'button',
                  { type: 'button', dataset: { action: 'reset' }, onclick: () => resetPassword(u) },
                  u.account ? '重置密码' : '开设账号',
                ),
                h('button', { type: 'button', dataset: { action: 'assign' }, onclick: () => assign(u) }, '角色与单位'),
                u.userId === me.userId
                  ? null
                  : h(
                      'button',
                      { type: 'button', dataset: { action: u.disabledAt ? 'enable' : 'disable' }, onclick: () => toggle(u) },
                      u.disabledAt ? '启用' : '停用',
                    ),
              ),
            ),
          ),
        ),
      ),
    );
  const refresh = async (until) => {
    try {
      draw(until ? await reloadUntil(load, until) : await load());
    } catch (error) {
      sayProblem(listMessage, error);
    }
  };

  // ----- create -----
  const role = select('role', Object.entries(ROLE_NAMES), 'officer', { id: 'new-user-role' });
  const unit = select('unitId', unitOptions(units, true), '', { id: 'new-user-unit' });
  const created = messageSlot();
  const form = h(
    'form',
    {
      class: 'admin-form',
      id: 'create-user',
      'aria-label': '新建用户',
      onsubmit: async (e) => {
        e.preventDefault();
        say(created, 'ok', null);
        const data = Object.fromEntries(new FormData(form));
        const body = { name: data.name.trim(), role: data.role, account: data.account.trim(), password: data.password };
        if (data.unitId) body.unitId = data.unitId;
        try {
          const user = await command('/users', body);
          form.reset();
          say(created, 'ok', `已开设账号 ${user.account}（${user.name}）。请把初始密码当面或另行告知本人，首次登录须修改。`);
          await refresh((list) => list.some((u) => u.userId === user.userId));
        } catch (error) {
          sayProblem(created, error);
        }
      },
    },
    field('姓名', h('input', { name: 'name', required: true, maxlength: 200, autocomplete: 'off' })),
    field(
      '账号',
      h('input', { name: 'account', required: true, maxlength: 64, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' }),
      '字母、数字或 . _ - @',
    ),
    field('初始密码', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }), POLICY),
    field('角色', role),
    field('所属单位', unit, '办理人员必选'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '开设账号')),
    created,
  );

  function resetPassword(user) {
    openDialog(
      user.account ? `重置 ${user.name} 的密码` : `为 ${user.name} 开设账号`,
      [
        user.account ? null : field('账号', h('input', { name: 'account', required: true, autocomplete: 'off' })),
        field('新的初始密码', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }), POLICY),
        h('p', { class: 'note small' }, '重置后该用户的所有登录会话立即失效，锁定解除，下次登录须修改密码。'),
      ],
      async (data) => {
        const body = { password: data.get('password') };
        if (data.get('account')) body.account = String(data.get('account')).trim();
        await command(`/users/${user.userId}/password`, body);
        say(listMessage, 'ok', `已重置 ${user.name} 的密码。`);
        await refresh();
      },
      '重置',
    );
  }

  function assign(user) {
    openDialog(
      `${user.name} 的角色与单位`,
      [
        field('姓名', h('input', { name: 'name', value: user.name, required: true, maxlength: 200 })),
        field('角色', select('role', Object.entries(ROLE_NAMES), user.role)),
        field('所属单位', select('unitId', unitOptions(units, true), user.unitId ?? ''), '办理人员必选'),
      ],
      async (data) => {
        const body = { role: data.get('role'), name: String(data.get('name')).trim() };
        if (data.get('unitId')) body.unitId = data.get('unitId');
        await command(`/users/${user.userId}/assign`, body);
        say(listMessage, 'ok', `已更新 ${user.name} 的角色与单位。`);
        await refresh();
      },
      '保存',
    );
  }

  async function toggle(user) {
    try {
      await command(`/users/${user.userId}/${user.disabledAt ? 'enable' : 'disable'}`, {});
      say(listMessage, 'ok', user.disabledAt ? `已启用 ${user.name}。` : `已停用 ${user.name}，其登录和令牌立即失效。`);
      await refresh();
    } catch (error) {
      sayProblem(listMessage, error);
    }
  }

  fill(
    root,
    h('h1', null, '用户与账号'),
    h('section', { class: 'card' }, h('h2', null, '开设账号'), form),
    h('section', { class: 'card' }, h('h2', null, '全部用户'), listMessage, tableWrap),
  );
  await refresh();
}

const ACTIONS = {
  signed_in: '登录',
  sign_in_failed: '登录失败',
  account_locked: '账号锁定',
  signed_out: '退出',
  password_changed: '本人修改密码',
  user_created: '开设账号',
  password_reset: '重置密码',
  user_assigned: '调整角色与单位',
  user_disabled: '停用',
  user_enabled: '启用',
  token_created: '发放访问令牌',
  token_revoked: '撤销访问令牌',
};
const REASONS = {
  bad_credentials: '账号或密码错误',
  locked: '账号锁定中',
  disabled: '账号已停用',
  password_change: '修改密码时当前密码错误',
};

export async function renderAccessLog(root) {
  const [log, users] = await Promise.all([getJson('/access-log', { limit: 200 }), getJson('/users')]);
  const nameOf = (id) => users.find((u) => u.userId === id)?.name ?? (id ? '（已删除）' : '—');
  const time = (iso) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  fill(
    root,
    h('h1', null, '登录与操作记录'),
    h(
      'section',
      { class: 'card' },
      h('p', { class: 'note small' }, '最近 200 条：登录、退出、失败与锁定，以及管理员对账号的每一次操作。不记录任何密码或令牌。'),
      h(
        'table',
        { class: 'admin-table', id: 'access-log' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['时间', '事项', '账号', '操作人', '对象', '说明', '地址'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          null,
          log.entries.map((e) =>
            h(
              'tr',
              null,
              h('td', { dataset: { label: '时间' } }, time(e.at)),
              h('td', { dataset: { label: '事项' } }, ACTIONS[e.action] ?? e.action),
              h('td', { dataset: { label: '账号' } }, e.account ?? '—'),
              h('td', { dataset: { label: '操作人' } }, nameOf(e.actorUserId)),
              h('td', { dataset: { label: '对象' } }, nameOf(e.targetUserId)),
              h('td', { dataset: { label: '说明' } }, REASONS[e.detail?.reason] ?? (e.detail?.role ? ROLE_NAMES[e.detail.role] : '')),
              h('td', { dataset: { label: '地址' } }, e.address ?? ''),
            ),
          ),
        ),
      ),
    ),
  );
}
