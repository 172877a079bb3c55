// The cluster harness's safety net (test/support/cluster/owned.ts): a detached process that waits
// for the test process to die and then undoes whatever the test left behind — processes it
// started, postmasters of data directories it owned, pg_createcluster clusters, temporary
// folders. A test's own teardown normally does all of this itself and leaves the list empty; the
// reaper matters when the test process is killed (a Jest timeout, SIGKILL, a crash), because
// Jest's sandbox never delivers `process.on('exit')` to test code.
//
//   node reaper.js <parent pid> <state file>
// The state file holds a JSON array of actions: { kill: pid } | { postmaster: dataDir } |
// { dropCluster: name, version } | { remove: path }, undone in reverse order.
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const [parent, stateFile] = [Number(process.argv[2]), process.argv[3]];

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function postmasterPid(dataDir) {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return pid > 0 && alive(pid) ? pid : null;
}

function undo(action) {
  if (action.kill && alive(action.kill)) process.kill(action.kill, 'SIGKILL');
  if (action.postmaster) {
    const pid = postmasterPid(action.postmaster);
    if (pid) process.kill(pid, 'SIGKILL');
  }
  if (action.dropCluster) execFileSync('pg_dropcluster', ['--stop', action.version, action.dropCluster], { stdio: 'ignore' });
  if (action.remove) rmSync(action.remove, { recursive: true, force: true });
}

function reap() {
  let actions = [];
  try {
    actions = JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    /* nothing registered */
  }
  // Processes first (everything they hold goes with them), then clusters, then folders.
  const order = (a) => (a.kill ? 0 : a.postmaster ? 1 : a.dropCluster ? 2 : 3);
  for (const action of actions.reverse().sort((a, b) => order(a) - order(b))) {
    try {
      undo(action);
    } catch {
      /* best effort */
    }
  }
  rmSync(stateFile, { force: true });
  process.exit(0);
}

const timer = setInterval(() => {
  if (!alive(parent)) {
    clearInterval(timer);
    // A moment for backends of a killed postmaster to notice before the clusters are dropped.
    setTimeout(reap, 500);
  }
}, 1000);
