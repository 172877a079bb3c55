/** RFC 9457 problem details, with banjie's stable `code` and per-field `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
  /** The aggregate's state when a rule refused the command. */
  state?: string;
  /** The stream's current version on 409/412, so a client can reload and retry. */
  currentVersion?: number;
  instance?: string;
  correlationId?: string;
}

/** An error the edge raises itself (bad header, unknown id) with a stable code. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Partial<Problem> = {},
  ) {
    super(message);
    this.name = 'ProblemError';
  }
}

export const PROBLEM_TYPE_BASE = 'https://banjie.example/problems/';
