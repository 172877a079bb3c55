/**
 * A rule of the domain said no. `code` is stable (clients and the problem+json filter key on it);
 * `kind` tells the edge which HTTP family it belongs to without the domain knowing HTTP.
 */
export type DomainErrorKind =
  | 'invalid' // the input breaks a value rule (bad credit code, date out of bounds) → 400/422
  | 'not_found' // a referenced thing does not exist → 404
  | 'rule' // the current state forbids the command → 422
  | 'forbidden'; // the actor may not do this → 403

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rule',
    /** The state the aggregate was in, when the rule depends on it. */
    readonly state?: string,
    /** Field-level detail, e.g. `{ creditCode: 'check character mismatch' }`. */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
