// The workbench's commands: POST with the bearer token of api.js, If-Match with the version the
// page showed, an Idempotency-Key per attempt, and problem+json turned into ApiError (api.js).
import { ApiError, apiUrl, session, LANGUAGE } from './api.js';

/** A UUID for a new activity or issue (creation with a known id is idempotent, so a retry cannot duplicate). */
export function newId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  // Not a secure context (plain http on a LAN address): randomUUID is missing, getRandomValues is not.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const authListeners = new Set();
/** Told about 401 answers to a command (the token expired or was revoked mid-session). */
export function onCommandAuthProblem(listener) {
  authListeners.add(listener);
}

/**
 * POSTs a command. `ifMatch`: the stream version the page showed (sent as If-Match: "n"), so a
 * change by someone else since then is refused (412) instead of silently overwritten.
 * Answers `{ id, version, ...body }`; throws ApiError with the problem document otherwise.
 */
export async function command(path, body, { ifMatch, idempotencyKey = newId() } = {}) {
  const url = apiUrl(path);
  const headers = { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...LANGUAGE };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (ifMatch != null) headers['if-match'] = `"${ifMatch}"`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
  let json = null;
  try {
    json = await response.json();
  } catch {
    /* no JSON body */
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json, url.pathname);
    if (response.status === 401) for (const l of authListeners) l(error);
    throw error;
  }
  return json ?? {};
}

/** Someone else changed the stream between the page's load and this command (409 / 412). */
export function isConflict(error) {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 412) return true;
  return error.status === 409 && (error.problem?.code ?? '').startsWith('STREAM.');
}

/**
 * The problem's per-field errors as field → message. Nested fields ("enterpriseCodes.1",
 * "issues[0].title") are also filed under their first segment, so a form can show them next to
 * the input that produced them.
 */
export function fieldErrors(error) {
  const out = {};
  for (const e of error?.problem?.errors ?? []) {
    const field = String(e.field ?? '');
    const message = e.message ?? error.message;
    out[field] = out[field] ? `${out[field]}；${message}` : message;
    const head = field.split(/[.[]/)[0];
    if (head && head !== field) out[head] = out[head] ? `${out[head]}；${message}` : message;
  }
  return out;
}

/** The problem in one line for a form's own error slot: a Chinese lead, then the server's Chinese detail (its catalogue). */
export function problemText(error) {
  const p = error?.problem;
  const lead =
    {
      400: '输入有误',
      401: '需要重新登录',
      403: '无权执行此操作',
      404: '未找到',
      409: '冲突',
      412: '版本已过期',
      413: '内容过大',
      415: '格式不支持',
      422: '不符合办理规则',
      429: '操作过于频繁，请稍后再试',
    }[error?.status] ?? '请求失败';
  if (!p) return `${lead}：${error?.message ?? error}`;
  return `${lead}：${p.detail ?? ''}`;
}
