import type { EdgeConfig } from '@banjie/platform';

export interface OriginRequest {
  protocol?: string;
  host?: string;
  headers: Record<string, string | string[] | undefined>;
  socket?: { localAddress?: string; localPort?: number; encrypted?: boolean };
  raw?: { socket?: { localAddress?: string; localPort?: number; encrypted?: boolean } };
}

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin a link handed to somebody else (the enterprise's feedback link) is built on. Never
 * a request header's word alone — a forged Host or X-Forwarded-Host would send the enterprise to
 * somebody else's site with a valid token in the URL:
 * 1. PUBLIC_BASE_URL (required with NODE_ENV=production);
 * 2. behind a proxy named in TRUSTED_PROXIES: the X-Forwarded-Proto/-Host it sent (Fastify believes
 *    them only from a trusted peer; `request.host` is then the forwarded host);
 * 3. otherwise the address and port the connection actually arrived on.
 */
export function publicOrigin(request: OriginRequest, edge: EdgeConfig): string {
  if (edge.publicBaseUrl) return edge.publicBaseUrl;
  const forwarded = lastEntry(request.headers['x-forwarded-host']);
  if (edge.trustedProxies.length && forwarded && request.host === forwarded && HOST.test(forwarded)) {
    const protocol = request.protocol === 'https' ? 'https' : 'http';
    return `${protocol}://${forwarded}`;
  }
  const socket = request.socket ?? request.raw?.socket;
  const address = socket?.localAddress ?? '127.0.0.1';
  const host = address.includes(':')
    ? `[${address.replace(/^::ffff:(?=\d+\.)/, '')}]`.replace(/^\[(\d+\.\d+\.\d+\.\d+)\]$/, '$1')
    : address;
  const protocol = socket?.encrypted ? 'https' : 'http';
  return `${protocol}://${host}${socket?.localPort ? `:${socket.localPort}` : ''}`;
}

function lastEntry(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[value.length - 1] : value;
  return raw?.split(',').pop()?.trim() || undefined;
}
