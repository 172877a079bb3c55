/**
 * Writes the demo scenario through the command layer: every step becomes the bus command the
 * HTTP API would send (same handlers, same rules, same events), with the step's actor, its
 * business time as `occurredAt` and `source: 'demo'`.
 *
 * - Idempotent and resumable: every step writes exactly one event to one stream, so step k of a
 *   stream is applied iff that stream's version is ≥ k. A complete load is recognised from its
 *   last step alone; a partial one (a killed process) resumes where it stopped.
 * - Batched: a run of consecutive steps that neither write the same stream nor read a stream
 *   another of them writes is dispatched concurrently (pg uses its pool; PGlite still overlaps
 *   the JavaScript of one command with the queries of another).
 * - Time: `cli demo` drives its own ManualClock, set to the latest business time of each batch
 *   before it runs (no command is "in the future", the clock never runs back). Called with a
 *   process's own clock (the API at start-up), the clock is left alone and only steps up to its
 *   now are written: an API whose clock replays 2023-07-10 gets the campaign as it stood then.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { activityStream, campaignStream, enterpriseStream, normalizeCreditCode, unitStream } from '@banjie/domain';
import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import { CLOCK, ManualClock, type AppConfig, type Clock } from '@banjie/platform';
import { toBusCommand, type BusCommandName, type CommandMeta } from '@banjie/application';
import { DEMO_CAMPAIGN_ID, generateDemoScenario, type DemoScenario } from './demo-scenario';
import { streamOf, type DemoStep } from './demo-step';
import { StreamReadCache } from './stream-cache';

export interface DemoLoadOptions {
  /** Most steps dispatched at once (default 16). */
  batchSize?: number;
  /** Called after each batch with the steps written so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** The scenario to load (default: the fixed-seed one). */
  scenario?: DemoScenario;
  /**
   * Drive the clock (it must be a ManualClock): set it to each batch's business time and write
   * every step. Otherwise the clock is left alone and only steps up to its now are written.
   */
  driveClock?: boolean;
  /** Serve the handlers' stream reads from memory while loading (stream-cache.ts; default true). */
  cacheReads?: boolean;
}

export interface DemoLoadResult {
  campaignId: string;
  /** 'loaded': written now; 'resumed': a partial load was completed; 'present': nothing to do. */
  outcome: 'loaded' | 'resumed' | 'present';
  /** Steps dispatched by this call. */
  written: number;
  /** Steps of the scenario up to the clock's now. */
  total: number;
  ms: number;
}

export interface DemoDependencies {
  commandBus: CommandBus;
  store: EventStore;
  clock: Clock;
}

/** The command bus, event store and clock of an application context that imports CommandsModule. */
export function demoDependencies(app: INestApplicationContext): DemoDependencies {
  return { commandBus: app.get(CommandBus), store: app.get<EventStore>(EVENT_STORE), clock: app.get<Clock>(CLOCK) };
}

/** The streams a step reads besides its own (they must be written before it). */
function readsOf(step: DemoStep): string[] {
  switch (step.command) {
    case 'RegisterUnit':
      return step.data.parentUnitId ? [unitStream(step.data.parentUnitId)] : [];
    case 'HoldActivity':
      return [
        campaignStream(step.data.campaignId),
        unitStream(step.data.unitId),
        ...step.data.enterpriseCodes.map((c) => enterpriseStream(normalizeCreditCode(c))),
      ];
    case 'CollectIssue':
      return [
        campaignStream(step.data.campaignId),
        unitStream(step.data.unitId),
        enterpriseStream(normalizeCreditCode(step.data.enterpriseCode)),
        ...(step.data.activityId ? [activityStream(step.data.activityId)] : []),
      ];
    case 'TransferIssue':
      return [unitStream(step.data.toUnitId)];
    case 'AcceptIssue':
      return [campaignStream(DEMO_CAMPAIGN_ID)];
    default:
      return [];
  }
}

/**
 * Consecutive runs of steps that may run concurrently: none writes a stream another one in the
 * run writes or reads, so running them in any order gives what running them in order gives.
 */
export function batchesOf(steps: readonly DemoStep[], batchSize: number): DemoStep[][] {
  const batches: DemoStep[][] = [];
  let current: DemoStep[] = [];
  let written = new Set<string>();
  let read = new Set<string>();
  for (const step of steps) {
    const stream = streamOf(step);
    const reads = readsOf(step);
    const conflict = written.has(stream) || read.has(stream) || reads.some((s) => written.has(s));
    if (current.length >= batchSize || conflict) {
      batches.push(current);
      current = [];
      written = new Set();
      read = new Set();
    }
    current.push(step);
    written.add(stream);
    for (const s of reads) read.add(s);
  }
  if (current.length) batches.push(current);
  return batches;
}

/** For each step, its 1-based position within its stream. */
function ordinals(steps: readonly DemoStep[]): number[] {
  const seen = new Map<string, number>();
  return steps.map((step) => {
    const stream = streamOf(step);
    const n = (seen.get(stream) ?? 0) + 1;
    seen.set(stream, n);
    return n;
  });
}

/** Loads the demo campaign (see the header). Safe to call again: it writes only what is missing. */
export async function loadDemo(deps: DemoDependencies, options: DemoLoadOptions = {}): Promise<DemoLoadResult> {
  const started = Date.now();
  const scenario = options.scenario ?? generateDemoScenario();
  if (options.driveClock && !(deps.clock instanceof ManualClock)) throw new Error('loadDemo: driveClock needs a ManualClock');
  const manual = options.driveClock ? (deps.clock as ManualClock) : null;
  const horizon = deps.clock.now().getTime();
  const all = manual ? scenario.steps : scenario.steps.filter((s) => Date.parse(s.occurredAt) <= horizon);
  const nth = ordinals(all);
  const result = (outcome: DemoLoadResult['outcome'], written: number): DemoLoadResult => ({
    campaignId: scenario.campaignId,
    outcome,
    written,
    total: all.length,
    ms: Date.now() - started,
  });
  if (all.length === 0) return result('present', 0);

  // complete already? (the last step's stream has it)
  const lastIndex = all.length - 1;
  if ((await deps.store.streamVersion(streamOf(all[lastIndex]))) >= nth[lastIndex]) return result('present', 0);

  let todo: DemoStep[] = all;
  let outcome: DemoLoadResult['outcome'] = 'loaded';
  if ((await deps.store.streamVersion(campaignStream(scenario.campaignId))) > 0) {
    outcome = 'resumed';
    const versions = new Map<string, number>();
    for (const stream of new Set(all.map(streamOf))) versions.set(stream, await deps.store.streamVersion(stream));
    todo = all.filter((step, i) => (versions.get(streamOf(step)) ?? 0) < nth[i]);
  }

  const cache = options.cacheReads === false ? null : new StreamReadCache();
  const detach = cache ? await cache.attach(deps.store) : () => undefined;
  const execute = (step: DemoStep) => deps.commandBus.execute(busCommand(step));
  let done = 0;
  try {
    let clockAt = manual ? manual.now().getTime() : 0;
    for (const batch of batchesOf(todo, options.batchSize ?? 16)) {
      if (manual) {
        const latest = Math.max(...batch.map((s) => Date.parse(s.occurredAt)));
        if (latest > clockAt) {
          clockAt = latest;
          manual.set(new Date(latest));
        }
      }
      const run = () => Promise.all(batch.map(execute));
      await (cache ? cache.run(run) : run());
      done += batch.length;
      options.onProgress?.(done, todo.length);
    }
  } finally {
    detach();
  }
  return result(outcome, done);
}

function busCommand(step: DemoStep) {
  const meta: Partial<CommandMeta> = { actor: step.actor, occurredAt: new Date(step.occurredAt), source: 'demo' };
  return toBusCommand({ type: step.command as BusCommandName, data: step.data as never }, meta);
}

/**
 * For the API's start-up: load the demo when `config.demo` is on (DEMO=0 turns it off), the
 * store is the embedded one (PGlite) and it holds no campaign yet. Resolves to the load result,
 * or null when it did nothing. Logs through `log` (default: console).
 */
export async function loadDemoOnFirstStart(
  app: INestApplicationContext,
  config: Pick<AppConfig, 'demo'>,
  log: (message: string) => void = (m) => console.log(m),
  options: Pick<DemoLoadOptions, 'scenario' | 'batchSize'> = {},
): Promise<DemoLoadResult | null> {
  if (!config.demo) return null;
  const deps = demoDependencies(app);
  if (deps.store.kind !== 'pglite') return null;
  const campaignThere = (await deps.store.streamVersion(campaignStream(DEMO_CAMPAIGN_ID))) > 0;
  if (campaignThere) {
    // present, or a start-up load that was interrupted: finish it
    const res = await loadDemo(deps, options);
    if (res.written > 0) log(`demo: resumed the "服务企业月" campaign, ${res.written} more steps in ${res.ms} ms`);
    return res;
  }
  if (await storeHasEvents(deps.store)) return null; // someone's own data: leave it alone
  log('demo: loading the circular\u2019s "服务企业月" campaign into the empty embedded store (DEMO=0 turns this off)…');
  let lastShown = 0;
  const res = await loadDemo(deps, {
    ...options,
    onProgress: (done, total) => {
      const pct = Math.floor((done / total) * 10) * 10;
      if (pct > lastShown) {
        lastShown = pct;
        log(`demo: ${pct}% (${done}/${total} steps)`);
      }
    },
  });
  log(`demo: loaded ${res.written} steps in ${(res.ms / 1000).toFixed(1)} s (campaign ${res.campaignId})`);
  return res;
}

async function storeHasEvents(store: EventStore): Promise<boolean> {
  for await (const batch of store.readAll({ maxCount: 1, batchSize: 1 })) if (batch.length > 0) return true;
  return false;
}
