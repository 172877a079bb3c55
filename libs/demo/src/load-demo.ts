/**
 * Writes the demo scenario through the command layer: every step becomes the bus command the
 * HTTP API would send (same handlers, same rules, same events), with the step's actor, its
 * business time as `occurredAt` and `source: 'demo'`.
 *
 * - Idempotent and resumable, exactly once: every step writes exactly one event to one stream,
 *   with `source: 'demo'`, so step k of a stream is applied iff that stream holds ≥ k demo
 *   events (counting the loader's own events, not the stream's version: an event another writer
 *   added — the deadline watcher after a failed load — never hides a missing step). A complete
 *   load is recognised from its last step's stream alone; a partial one (a process killed at any
 *   point: each step is one atomic append) resumes where it stopped.
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
import { CLOCK, DemoGate, ManualClock, type AppConfig, type Clock } from '@banjie/platform';
import { toBusCommand, type BusCommandName, type CommandMeta } from '@banjie/application';
import { DEMO_CAMPAIGN_ID, generateDemoScenario, type DemoScenario } from './demo-scenario';
import { streamOf, type DemoStep } from './demo-step';
import { StreamReadCache } from './stream-cache';

export interface DemoLoadOptions {
  /** Most steps dispatched at once (default 16). */
  batchSize?: number;
  /** Called after each batch with the scenario's steps present in the store and their total. */
  onProgress?: (loaded: number, total: number) => void;
  /** Asked before each batch: true stops the load there (a shutdown); it resumes on the next start. */
  shouldStop?: () => boolean;
  /** Wraps each batch's dispatch (a shutdown waits for the batch in flight). */
  track?: <T>(batch: Promise<T>) => Promise<T>;
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
  /** Steps of the scenario present in the store after this call. */
  loaded: number;
  /** True when `shouldStop` ended the load before it was complete. */
  stopped?: boolean;
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

/** The demo's own events in a stream (its steps: source 'demo'). */
function demoEventsIn(events: readonly { metadata?: { source?: string } | null }[]): number {
  return events.filter((e) => e.metadata?.source === 'demo').length;
}

/** Demo events per stream, over the whole store (a resume reads it once). */
async function demoEventsPerStream(store: EventStore): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const batch of store.readAll({ batchSize: 5000 })) {
    for (const e of batch) if (e.metadata?.source === 'demo') counts.set(e.streamId, (counts.get(e.streamId) ?? 0) + 1);
  }
  return counts;
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
  const result = (outcome: DemoLoadResult['outcome'], written: number, loaded: number, stopped = false): DemoLoadResult => ({
    campaignId: scenario.campaignId,
    outcome,
    written,
    loaded,
    total: all.length,
    ms: Date.now() - started,
    ...(stopped ? { stopped } : {}),
  });
  if (all.length === 0) return result('present', 0, 0);

  // complete already? (the last step's stream has it)
  const lastIndex = all.length - 1;
  if (demoEventsIn(await deps.store.readStream(streamOf(all[lastIndex]))) >= nth[lastIndex]) return result('present', 0, all.length);

  let todo: DemoStep[] = all;
  let outcome: DemoLoadResult['outcome'] = 'loaded';
  if ((await firstEventSource(deps.store)) === 'demo') {
    outcome = 'resumed';
    const present = await demoEventsPerStream(deps.store);
    todo = all.filter((step, i) => (present.get(streamOf(step)) ?? 0) < nth[i]);
  }
  const already = all.length - todo.length;
  options.onProgress?.(already, all.length);

  const cache = options.cacheReads === false ? null : new StreamReadCache();
  const detach = cache ? await cache.attach(deps.store) : () => undefined;
  const execute = (step: DemoStep) => deps.commandBus.execute(busCommand(step));
  const track = options.track ?? (<T>(p: Promise<T>) => p);
  let done = 0;
  try {
    let clockAt = manual ? manual.now().getTime() : 0;
    for (const batch of batchesOf(todo, options.batchSize ?? 16)) {
      if (options.shouldStop?.()) return result(outcome, done, already + done, true);
      if (manual) {
        const latest = Math.max(...batch.map((s) => Date.parse(s.occurredAt)));
        if (latest > clockAt) {
          clockAt = latest;
          manual.set(new Date(latest));
        }
      }
      const run = () => Promise.all(batch.map(execute));
      await track(cache ? cache.run(run) : run());
      done += batch.length;
      options.onProgress?.(already + done, all.length);
    }
  } finally {
    detach();
  }
  return result(outcome, done, all.length);
}

/** The source of the store's first event (null: the store is empty). The demo only ever begins on an empty store. */
async function firstEventSource(store: EventStore): Promise<string | null> {
  for await (const batch of store.readAll({ maxCount: 1, batchSize: 1 })) if (batch.length > 0) return String(batch[0].metadata?.source);
  return null;
}

function busCommand(step: DemoStep) {
  const meta: Partial<CommandMeta> = { actor: step.actor, occurredAt: new Date(step.occurredAt), source: 'demo' };
  return toBusCommand({ type: step.command as BusCommandName, data: step.data as never }, meta);
}

/** Retries of a first-start load that failed (a busy database, a full disk): it resumes each time. */
export const DEMO_LOAD_ATTEMPTS = 5;

/**
 * For the API's start-up: load the demo when `config.demo` is on (DEMO=0 turns it off), the store
 * is the embedded one (PGlite) and it holds nothing but the demo (empty, or a load that was
 * interrupted). Resolves to the load result, or null when it did nothing. Reports progress to the
 * process's DemoGate and opens it when done — the deadline watcher and the alert evaluator wait
 * for that — also when there was nothing to load or the load gave up. A failed load is retried
 * (it resumes), DEMO_LOAD_ATTEMPTS times in all. Logs through `log` (default: console).
 */
export async function loadDemoOnFirstStart(
  app: INestApplicationContext,
  config: Pick<AppConfig, 'demo'>,
  log: (message: string) => void = (m) => console.log(m),
  options: Pick<DemoLoadOptions, 'scenario' | 'batchSize'> & { retryDelayMs?: number } = {},
): Promise<DemoLoadResult | null> {
  const gate = app.get(DemoGate, { strict: false });
  const deps = demoDependencies(app);
  try {
    if (!config.demo || deps.store.kind !== 'pglite' || !(await demoBelongsHere(deps.store))) {
      gate.finish('off');
      return null;
    }
  } catch (error) {
    gate.finish('failed', { error: String((error as Error)?.message ?? error) });
    throw error;
  }
  let lastShown = -1;
  const load: DemoLoadOptions = {
    ...options,
    shouldStop: () => gate.isStopping,
    track: (batch) => gate.track(batch),
    onProgress: (loaded, total) => {
      gate.progress(loaded, total);
      const pct = Math.floor((loaded / total) * 10) * 10;
      if (pct > lastShown) {
        if (lastShown >= 0 || loaded > 0) log(`demo: ${pct}% (${loaded}/${total} steps)`);
        lastShown = pct;
      }
    },
  };
  for (let attempt = 1; ; attempt++) {
    try {
      if (attempt === 1) log('demo: loading the circular\u2019s "服务企业月" campaign into the embedded store (DEMO=0 turns this off)…');
      const res = await loadDemo(deps, load);
      if (res.stopped) return res; // shutting down: the next start resumes
      if (res.written > 0) log(`demo: ${res.outcome} ${res.written} steps in ${(res.ms / 1000).toFixed(1)} s (campaign ${res.campaignId})`);
      gate.finish('loaded', { loaded: res.loaded, total: res.total });
      return res;
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      if (gate.isStopping) throw error;
      if (attempt >= DEMO_LOAD_ATTEMPTS) {
        gate.finish('failed', { error: message });
        throw error;
      }
      log(`demo: load attempt ${attempt} failed (${message}); resuming in a moment`);
      await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 1000) * 2 ** (attempt - 1)));
    }
  }
}

/**
 * The demo may be written into this store: it is empty, or its first event is the demo loader's
 * (a load that began here and was interrupted — also before the campaign was launched).
 * Anything else is someone's own data: left alone.
 */
async function demoBelongsHere(store: EventStore): Promise<boolean> {
  const first = await firstEventSource(store);
  return first === null || first === 'demo';
}
