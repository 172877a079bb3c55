// The administrator's page (/admin, docs/access.md): users and accounts, units, campaigns, the
// working calendar and the access log — everything an administrator needs while the server runs,
// on the embedded store too (no CLI, no restart). Hash routes #/users, #/units, #/campaigns,
// #/calendar, #/log. Signing in is the same as on the dashboard (signin.js).
import { ApiError, getJson, onAuthProblem, session } from './api.js';
import { h, fill, $ } from './dom.js';
import { mountSignIn, signedInUser } from './signin.js';
import { renderAccessLog, renderUsers } from './admin-users.js';
import { loadUnits, renderCalendar, renderCampaigns, renderUnits } from './admin-reference.js';

const app = $('#app');
const VIEWS = ['users', 'units', 'campaigns', 'calendar', 'log'];
let units = null;

mountSignIn($('#login'), {
  banner: $('#auth-banner'),
  onChange: () => {
    units = null;
    render();
  },
});

onAuthProblem((error) => {
  const banner = $('#auth-banner');
  banner.hidden = false;
  fill(
    banner,
    error.status === 401
      ? '请先登录：在右上角输入管理员账号和密码。'
      : error.problem?.code === 'AUTH.PASSWORD_CHANGE_REQUIRED'
        ? '请先修改密码。'
        : '当前账号不是管理员，不能使用本页面。',
  );
});

function view() {
  const name = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return VIEWS.includes(name) ? name : 'users';
}

let seq = 0;
async function render() {
  const current = view();
  const mine = ++seq;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!session.token) {
    return fill(
      app,
      h(
        'section',
        { class: 'card', dataset: { state: 'signed-out' } },
        h('h1', null, '系统管理'),
        h('p', null, '请在右上角用管理员账号和密码登录。首次启动时，管理员账号和初始密码写在数据目录的 bootstrap-tokens.txt 中。'),
      ),
    );
  }
  const user = signedInUser();
  if (user && user.role !== 'admin') {
    return fill(
      app,
      h(
        'section',
        { class: 'card', dataset: { state: 'forbidden' } },
        h('h1', null, '系统管理'),
        h('p', null, '当前账号不是管理员，不能使用本页面。'),
      ),
    );
  }
  fill(app, h('p', { class: 'note', dataset: { state: 'loading' } }, '加载中…'));
  try {
    const me = await getJson('/me');
    units ??= await loadUnits();
    if (mine !== seq) return;
    const root = h('div', { dataset: { view: current, state: 'ready' } });
    fill(app, root);
    if (current === 'users') await renderUsers(root, { units, me });
    else if (current === 'units') await renderUnits(root, { units, onUnitsChanged: (list) => (units = list) });
    else if (current === 'campaigns') await renderCampaigns(root);
    else if (current === 'calendar') await renderCalendar(root);
    else await renderAccessLog(root);
  } catch (error) {
    if (mine !== seq) return;
    fill(
      app,
      h(
        'p',
        { class: 'note error', dataset: { state: 'error' } },
        error instanceof ApiError && error.status === 401
          ? '登录已失效，请重新登录。'
          : error instanceof ApiError && error.status === 403
            ? '当前账号无权使用本页面。'
            : `页面加载失败：${error.message}`,
      ),
    );
  }
}

window.addEventListener('hashchange', render);
render();
