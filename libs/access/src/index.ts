/**
 * @banjie/access: who is calling (bearer tokens, stored as hashes), what their role and unit let
 * them do (a pure route policy + unit tree), the guard that enforces it, the scope helpers lists
 * and reports call, and the enterprises' signed single-use feedback links. See docs/access.md.
 */
export * from './access.config';
export * from './policy/principal';
export * from './policy/unit-tree';
export * from './policy/route-policy';
export * from './policy/authorize';
export * from './tokens/bearer-token';
export * from './feedback-link/feedback-link-token';
export * from './feedback-link/feedback-link.service';
export * from './store/access-store';
export * from './store/unit-directory';
export * from './nest/decorators';
export * from './nest/access.guard';
export * from './nest/access-scope';
export * from './nest/access.module';
export * from './nest/bootstrap-tokens';
export { ACCESS_MIGRATIONS } from './migrations';
export * from './accounts/account-name';
export * from './accounts/password-sign-in';
export * from './passwords/password-policy';
export * from './passwords/password-hash';
export * from './store/access-log';
export * from './nest/accounts.service';
export * from './nest/auth.http-controller';
