/** The roles a person can hold (the domain's `system` role is never a person's). */
export const USER_ROLES = ['officer', 'supervisor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/**
 * Who is calling, as the guard put it on `request.user`: a user id, the unit an officer works
 * for (null for supervisors and admins), and the role. In `trust-headers` mode the role may also
 * be the domain's `system`.
 */
export interface Principal {
  userId: string;
  unitId: string | null;
  role: UserRole | 'system';
}
