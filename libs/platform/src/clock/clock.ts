/** Where time comes from. Injected everywhere, so tests and demos can replay 2023. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that starts at a given instant and then runs (or stays put) — for demos and tests. */
export class ManualClock implements Clock {
  private offsetMs: number;
  constructor(
    start: Date,
    private readonly running = false,
  ) {
    this.offsetMs = start.getTime() - Date.now();
    if (!running) this.frozen = start;
  }
  private frozen: Date | null = null;

  now(): Date {
    return this.frozen ? new Date(this.frozen) : new Date(Date.now() + this.offsetMs);
  }

  set(instant: Date): void {
    if (this.frozen) this.frozen = new Date(instant);
    else this.offsetMs = instant.getTime() - Date.now();
  }

  advance(ms: number): void {
    this.set(new Date(this.now().getTime() + ms));
  }
}
