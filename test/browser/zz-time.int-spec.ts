import { runDemo } from '../../apps/cli/src/demo';
import { freshDataDir, testConfig } from '../support/browser';
test('time demo', async () => {
  const t = Date.now();
  const r = await runDemo(testConfig(freshDataDir()), { onProgress: (d, n) => { if (d % 2000 < 16) console.log(d, n, Date.now() - t); } });
  console.log(r, Date.now() - t);
}, 900_000);
