import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runDemo } from '@banjie/demo';
import { freshDataDir, testConfig } from '../support/browser';

/**
 * A data folder holding the demo, written by runDemo. BANJIE_TEST_DEMO_DIR (for working on the
 * pages: the load takes minutes) keeps a loaded folder there and copies it on later runs.
 */
export async function demoDataDir(): Promise<string> {
  const dataDir = freshDataDir();
  const kept = process.env.BANJIE_TEST_DEMO_DIR;
  if (!kept) {
    await runDemo(testConfig(dataDir));
    return dataDir;
  }
  if (!existsSync(join(kept, 'pglite'))) await runDemo(testConfig(kept));
  cpSync(kept, dataDir, { recursive: true, filter: (src) => !src.endsWith('.lock') });
  return dataDir;
}
