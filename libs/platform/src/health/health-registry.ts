import { Injectable } from '@nestjs/common';

export interface ComponentHealth {
  up: boolean;
  /** Shown in /health/ready's details (no secrets). */
  detail?: Record<string, unknown>;
}

export type ComponentProbe = () => ComponentHealth | Promise<ComponentHealth>;

/**
 * Background components of this process report here whether they are running, and
 * /health/ready includes each one: the projector registers `projector` when it starts
 * (`registry.register('projector', () => ({ up: !failed, detail: { … } }))`), the deadline watcher
 * `deadline-watcher`. A process that runs no such component (BANJIE_ROLE=api) simply has none;
 * its readiness still checks the projections' lag in the database.
 */
@Injectable()
export class HealthRegistry {
  private readonly probes = new Map<string, ComponentProbe>();

  register(name: string, probe: ComponentProbe): () => void {
    this.probes.set(name, probe);
    return () => {
      if (this.probes.get(name) === probe) this.probes.delete(name);
    };
  }

  entries(): [string, ComponentProbe][] {
    return [...this.probes.entries()];
  }
}
