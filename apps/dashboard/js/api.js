// The JSON API client: bearer token from sessionStorage, problem+json errors as ApiError.

const TOKEN_KEY = 'banjie.token';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

export class ApiError extends Error {
  constructor(status, problem, url) {
    super(problem?.detail || `请求失败（HTTP ${status}）`);
    this.status = status;
    this.problem = problem;
    this.url = url;
  }
  /** The endpoint is not there (yet): a route 404 rather than "no such campaign". */
  get missingRoute() {
    return this.status === 404 && (!this.problem?.code || this.problem.code === 'HTTP.404');
  }
}

/** Listeners told about 401/403, so the login box can ask for a token. */
const authListeners = new Set();
export function onAuthProblem(listener) {
  authListeners.add(listener);
}

export function apiUrl(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value != null && value !== '') url.searchParams.set(key, String(value));
  }
  return url;
}

/** The server answers a problem's detail from its Chinese catalogue when asked (libs/platform problem-messages). */
export const LANGUAGE = { 'accept-language': 'zh-CN' };

function headers(accept) {
  const h = { accept, ...LANGUAGE };
  if (session.token) h.authorization = `Bearer ${session.token}`;
  return h;
}

async function request(path, params, accept) {
  const url = apiUrl(path, params);
  const response = await fetch(url, { headers: headers(accept) });
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      /* not JSON */
    }
    const error = new ApiError(response.status, problem, url.pathname + url.search);
    if (response.status === 401 || response.status === 403) for (const l of authListeners) l(error);
    throw error;
  }
  return response;
}

export async function getJson(path, params) {
  const response = await request(path, params, 'application/json');
  return response.json();
}

/** Downloads a file with the token (a plain link could not send the Authorization header). */
export async function download(path, params, fallbackName) {
  const response = await request(path, params, '*/*');
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return name;
}

/** A list from any of the usual envelopes: [..], {items}, {data}, {rows}, {results}. */
export function listOf(body, ...keys) {
  if (Array.isArray(body)) return body;
  for (const key of [...keys, 'items', 'data', 'rows', 'results']) if (Array.isArray(body?.[key])) return body[key];
  return [];
}
