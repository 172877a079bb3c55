import { ProblemError } from '@banjie/platform';
import type { Principal } from '../policy/principal';

const ROLES = ['officer', 'supervisor', 'admin', 'system'];
const VALUE = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

/**
 * AUTH_MODE=trust-headers only (tests): the caller is whoever X-Actor / X-Unit / X-Role say,
 * with the same reading the workflow engineer's stand-in had (apps/api/src/http/request-actor.ts):
 * none of the three → the system actor; X-Actor or X-Unit without X-Role → an officer.
 */
export function principalFromHeaders(headers: Record<string, string | string[] | undefined>): Principal {
  const userId = header(headers, 'x-actor');
  const unitId = header(headers, 'x-unit');
  const role = header(headers, 'x-role');
  if (userId === undefined && unitId === undefined && role === undefined) return { userId: 'system', unitId: null, role: 'system' };
  if (role !== undefined && !ROLES.includes(role)) throw invalid('x-role', `must be one of ${ROLES.join(', ')}`);
  return {
    userId: userId ?? 'anonymous',
    unitId: unitId ?? null,
    role: (role as Principal['role'] | undefined) ?? 'officer',
  };
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!VALUE.test(value)) throw invalid(name, 'must be 1–100 characters of letters, digits and . _ : @ -');
  return value;
}

function invalid(field: string, message: string): ProblemError {
  return new ProblemError(400, 'REQUEST.ACTOR_INVALID', `header ${field} ${message}`, { errors: [{ field, message }] });
}
