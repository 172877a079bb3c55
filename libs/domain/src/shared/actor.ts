export const ROLES = ['officer', 'supervisor', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Who did it. `unitId` is the unit the person works for (null for the system or an admin). */
export interface Actor {
  userId: string;
  unitId: string | null;
  role: Role;
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', unitId: null, role: 'system' };

/**
 * What every command carries besides its data. Time arrives here (the domain never reads a
 * clock): `occurredAt` is the business time the command claims, `now` the system's time.
 */
export interface CommandContext {
  actor: Actor;
  occurredAt: Date;
  now: Date;
  /**
   * True when the caller claimed no business time and `occurredAt` is only `now`'s stand-in: a
   * decide whose command carries its own business date (HoldActivity's `heldOn`) then uses that.
   */
  occurredAtDefaulted?: boolean;
}
