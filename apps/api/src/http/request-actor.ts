import { ROLES, SYSTEM_ACTOR, type Actor, type Role } from '@banjie/domain';
import { headerActorsTrusted } from '@banjie/access';
import { ProblemError } from '@banjie/platform';

/**
 * WHO IS ACTING — the one place that decides it.
 *
 * 1. The access guard (libs/access) authenticated the request and put an `actor` / `user`
 *    (principal: userId, unitId, role) on it: that is the actor.
 * 2. With AUTH_MODE=token (the default, and `npm start`'s) nothing else is ever trusted: 401.
 * 3. AUTH_MODE=trust-headers (tests only, docs/access.md): the header stand-in — `X-Actor` (user
 *    id), `X-Unit` (unit id), `X-Role` (officer | supervisor | admin | system). With X-Actor or
 *    X-Unit but no X-Role the role is `officer`; with none of the three, the system actor.
 */
export function requestActor(request: { actor?: Actor; user?: Actor; headers: Record<string, string | string[] | undefined> }): Actor {
  const authenticated = request.actor ?? request.user;
  if (authenticated) return { userId: authenticated.userId, unitId: authenticated.unitId ?? null, role: authenticated.role };
  if (!headerActorsTrusted()) throw new ProblemError(401, 'AUTH.REQUIRED', 'sign in: send Authorization: Bearer <token>');
  const userId = header(request.headers, 'x-actor');
  const unitId = header(request.headers, 'x-unit');
  const role = header(request.headers, 'x-role');
  if (userId === undefined && unitId === undefined && role === undefined) return SYSTEM_ACTOR;
  if (role !== undefined && !(ROLES as readonly string[]).includes(role)) {
    throw actorProblem('x-role', `must be one of ${ROLES.join(', ')}`);
  }
  return {
    userId: userId ?? 'anonymous',
    unitId: unitId ?? null,
    role: (role as Role | undefined) ?? (unitId !== undefined || userId !== undefined ? 'officer' : 'system'),
  };
}

const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!TOKEN.test(value)) throw actorProblem(name, 'must be 1–100 characters of letters, digits and . _ : @ -');
  return value;
}

function actorProblem(field: string, message: string): ProblemError {
  return new ProblemError(400, 'REQUEST.ACTOR_INVALID', `header ${field} ${message}`, { errors: [{ field, message }] });
}
