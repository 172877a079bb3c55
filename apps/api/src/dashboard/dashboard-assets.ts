import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file the dashboard serves, held in memory (the whole set is ≈1.2 MB, most of it ECharts). */
export interface Asset {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Finds apps/dashboard from wherever this file runs: apps/api/src/dashboard under Jest, or
 * dist/apps/api/src/dashboard after `npm run build` (the static files are not copied to dist; the
 * page has no build step, so the sources are what is served). DASHBOARD_DIR overrides.
 */
export function findDashboardDir(start = __dirname, env = process.env): string {
  if (env.DASHBOARD_DIR) return env.DASHBOARD_DIR;
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'dashboard');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`apps/dashboard/index.html not found above ${start} (set DASHBOARD_DIR)`);
  }
}

/** The ECharts bundle as shipped in node_modules (served, never copied into the repo). */
export function echartsPath(): string {
  return createRequire(__filename).resolve('echarts/dist/echarts.min.js');
}

/** The QR code generator's ES module (the workbench draws the feedback link's QR code with it). */
export function qrcodePath(): string {
  return join(dirname(createRequire(__filename).resolve('qrcode-generator')), 'qrcode.mjs');
}

function load(path: string): Asset {
  const body = readFileSync(path);
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  const compressible = type.startsWith('text/') || type.includes('json') || type.includes('svg');
  const gzip = compressible && body.length > 1024 ? gzipSync(body, { level: 6 }) : null;
  const etag = `"${statSync(path).mtimeMs.toString(36)}-${body.length.toString(36)}"`;
  return { body, gzip, type, etag };
}

/**
 * Reads the dashboard's files once at start (and ECharts lazily on first request), keyed by
 * their URL path under /assets/. `reload` (DASHBOARD_RELOAD=1) re-reads on every request, for
 * editing the page without restarting.
 */
export class DashboardAssets {
  private readonly cache = new Map<string, Asset>();
  constructor(
    readonly root = findDashboardDir(),
    private readonly reload = process.env.DASHBOARD_RELOAD === '1',
  ) {}

  /** The files under the dashboard folder, as URL paths ('index.html', 'js/main.js', …). */
  list(): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, name.name);
        if (name.isDirectory()) walk(full);
        else out.push(relative(this.root, full).split(sep).join('/'));
      }
    };
    walk(this.root);
    return out;
  }

  /** The asset at a URL path, or null — only known files, so no path can escape the folder. */
  get(urlPath: string): Asset | null {
    const cached = this.reload ? undefined : this.cache.get(urlPath);
    if (cached) return cached;
    let file: string | null = null;
    if (urlPath === 'vendor/echarts.min.js') file = echartsPath();
    else if (urlPath === 'vendor/qrcode.mjs') file = qrcodePath();
    else if (this.list().includes(urlPath)) file = join(this.root, ...urlPath.split('/'));
    if (!file) return null;
    const asset = load(file);
    this.cache.set(urlPath, asset);
    return asset;
  }
}
