import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, UserRole } from '../policy/principal';
import type { RouteRule } from '../policy/route-policy';

export const ACCESS_RULE = 'banjie:access-rule';

/** No authentication for this handler (or controller). Prefer listing the route in ROUTE_POLICY. */
export const Public = () => SetMetadata(ACCESS_RULE, { public: true } satisfies RouteRule);

/** Only these roles; no unit scoping. Takes precedence over ROUTE_POLICY. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ACCESS_RULE, { roles } satisfies RouteRule);

/** A full rule for this handler (roles, officer scope, target), overriding ROUTE_POLICY. */
export const Access = (rule: RouteRule) => SetMetadata(ACCESS_RULE, rule);

/** `@CurrentUser() user: Principal` — the authenticated caller the guard put on `request.user`. */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest().user,
);
