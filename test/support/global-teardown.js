// The last word of every run: no secret a test recorded (test/support/secrets.ts) may appear in
// any log a spawned process wrote during the run. Fails the run, naming the label and the file.
const { existsSync, readFileSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async function globalTeardown() {
  const dir = process.env.BANJIE_TEST_RUN_DIR;
  if (!dir || !existsSync(dir)) return;
  const secretsFile = join(dir, 'secrets.ndjson');
  const secrets = existsSync(secretsFile)
    ? readFileSync(secretsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  const logs = join(dir, 'logs');
  const files = existsSync(logs) ? readdirSync(logs) : [];
  const leaks = [];
  for (const f of files) {
    const text = readFileSync(join(logs, f), 'utf8');
    for (const s of secrets) if (text.includes(s.value)) leaks.push(`${s.label} in ${join(logs, f)}`);
  }
  if (leaks.length) {
    throw new Error(`[banjie] secrets leaked into the logs of this run (kept in ${dir}):\n  ${leaks.join('\n  ')}`);
  }
  console.log(`[banjie] log scan: ${secrets.length} recorded secret(s), ${files.length} captured log(s), no leaks`);
  rmSync(dir, { recursive: true, force: true });
};
