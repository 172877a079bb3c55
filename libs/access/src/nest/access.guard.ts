import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemError, setRequestActor } from '@banjie/platform';
import { ACCESS_CONFIG, type AccessConfig } from '../access.config';
import { authorize, type TargetUnits } from '../policy/authorize';
import type { Principal } from '../policy/principal';
import { ruleFor, type RouteRule } from '../policy/route-policy';
import { UnitDirectory } from '../store/unit-directory';
import { AccessStore } from '../store/access-store';
import { bearerFromHeader } from '../tokens/bearer-token';
import { ACCESS_RULE } from './decorators';
import { principalFromHeaders } from './header-principal';

export interface AccessRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  routeOptions?: { url?: string };
  /** Set by this guard: the authenticated caller (request logs read `user.userId`). */
  user?: Principal;
  /** Set by this guard: the actor every command of the request is recorded under. */
  actor?: { userId: string; unitId: string | null; role: Principal['role'] };
  /** Set by this guard: the token that authenticated the request (sign-out ends a session by it). */
  credential?: { tokenId: string; kind: 'api' | 'session' };
}

/** What a session whose password an administrator set may still do: see who it is, change the password, sign out. */
const WHILE_PASSWORD_CHANGE_DUE = new Set(['GET /me', 'POST /auth/password', 'POST /auth/logout']);

/**
 * The one gate every HTTP request passes (registered as APP_GUARD by AccessModule):
 * 1. find the route's rule: @Public/@Roles/@Access on the handler, else ROUTE_POLICY; a route in
 *    neither is refused (fail closed);
 * 2. authenticate: `Authorization: Bearer <token>` (AUTH_MODE=token, the default), or the
 *    X-Actor/X-Unit/X-Role headers (AUTH_MODE=trust-headers, tests only);
 * 3. look up the unit(s) of what an officer names (an issue, activity or notice in the path; a
 *    unitId in the query or body) and let the pure `authorize()` decide;
 * 4. put the caller on `request.user` and `request.actor` — the only actor commands ever record.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
    private readonly store: AccessStore,
    private readonly directory: UnitDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AccessRequest>();
    const rule =
      this.reflector.getAllAndOverride<RouteRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]) ??
      ruleFor(method(request), routePattern(request));
    if (rule?.public) return true;

    const principal = await this.authenticate(request, context);
    if (principal.mustChangePassword && !WHILE_PASSWORD_CHANGE_DUE.has(`${method(request)} ${routePattern(request)}`)) {
      throw new ProblemError(
        403,
        'AUTH.PASSWORD_CHANGE_REQUIRED',
        'an administrator set your password: change it first (POST /auth/password)',
      );
    }
    delete principal.mustChangePassword;
    request.user = principal;
    request.actor = { userId: principal.userId, unitId: principal.unitId, role: principal.role };
    setRequestActor(principal); // every log line of this request carries the user id from here on
    if (!rule) {
      if (principal.role === 'system') return true;
      throw new ProblemError(
        403,
        'ACCESS.ROUTE_NOT_IN_POLICY',
        `${method(request)} ${routePattern(request)} has no access rule yet; it is refused until one is listed (libs/access ROUTE_POLICY)`,
      );
    }
    const target = await this.target(rule, request, principal);
    const tree = await this.directory.unitTree(
      principal.unitId ? [principal.unitId, ...(target && target !== 'missing' ? target.read : [])] : [],
    );
    const decision = authorize(rule, principal, target, tree);
    if (!decision.allow) throw new ProblemError(decision.status, decision.code, decision.reason);
    if (rule.scopedList === 'unit-filter' && target === null && principal.role === 'officer' && rule.target?.from === 'query') {
      // An officer's unnamed list is their own unit's; a unit below theirs they name explicitly.
      request.query = { ...(request.query ?? {}), [rule.target.field]: principal.unitId };
    }
    return true;
  }

  private async authenticate(request: AccessRequest, context: ExecutionContext): Promise<Principal & { mustChangePassword?: boolean }> {
    const token = bearerFromHeader(request.headers.authorization);
    if (token === undefined && this.config.authMode === 'trust-headers') return principalFromHeaders(request.headers);
    if (token === undefined) throw this.unauthorized(context, 'AUTH.REQUIRED', 'sign in: send Authorization: Bearer <token>');
    // Wall-clock time, not this.clock: a credential expires in real time even while a demo replays 2023.
    const found = token === null ? null : await this.store.authenticate(token, new Date());
    if (!found) throw this.unauthorized(context, 'AUTH.TOKEN_INVALID', 'the bearer token is malformed, unknown, revoked or expired');
    request.credential = { tokenId: found.tokenId, kind: found.kind };
    return { userId: found.userId, unitId: found.unitId, role: found.role, mustChangePassword: found.mustChangePassword };
  }

  private unauthorized(context: ExecutionContext, code: string, message: string): ProblemError {
    const reply = context.switchToHttp().getResponse<{ header?: (k: string, v: string) => unknown }>();
    reply.header?.('www-authenticate', `Bearer realm="banjie"`);
    return new ProblemError(401, code, message);
  }

  /** Only an officer's request needs the target's units (others are unscoped by rule). */
  private async target(rule: RouteRule, request: AccessRequest, principal: Principal): Promise<TargetUnits> {
    const spec = rule.target;
    if (!spec || principal.role !== 'officer' || !rule.officer) return null;
    if (spec.from === 'param') return this.directory.target(spec.kind, String(request.params?.[spec.param] ?? ''));
    const source = spec.from === 'query' ? request.query : request.body;
    const value = source && typeof source === 'object' ? (source as Record<string, unknown>)[spec.field] : undefined;
    if (value === undefined || value === null || value === '') return null;
    const unitId = String(Array.isArray(value) ? value[0] : value);
    return { kind: 'unit', read: [unitId], write: unitId };
  }
}

function method(request: AccessRequest): string {
  return request.method === 'HEAD' ? 'GET' : request.method;
}

/** The route as registered (`/issues/:id/accept`), not the concrete URL. */
export function routePattern(request: AccessRequest): string {
  return request.routeOptions?.url ?? request.url.split('?')[0];
}
