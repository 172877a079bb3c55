import {
  activityStream,
  asBanjieEvent,
  evolveIssue,
  fold,
  initialIssueState,
  issueStream,
  supervisionStream,
  unitStream,
  isIssueEvent,
  type IssueState,
} from '@banjie/domain';
import type { EventStore, FoldEvent } from '@banjie/event-store';
import type { TargetUnits } from '../policy/authorize';
import { UnitTree } from '../policy/unit-tree';

/** Issues whose units the guard keeps folded (least recently used dropped first). */
const ISSUE_CACHE_SIZE = 10_000;

/**
 * What the guard needs from the event store, read through its port so it is never behind a
 * projection: the unit tree (UnitRegistered facts, read once; a unit's parent never changes, so a
 * unit registered later is added by reading its stream when it is first named), and which units a
 * named issue, activity or notice belongs to (an issue's units from the domain's own fold).
 */
export class UnitDirectory {
  private tree: Promise<UnitTree> | null = null;
  /**
   * issue stream → its fold at a version, and that event's hash, in least-recently-used order: a
   * request reads only the events after it (usually none), and the stored hash at its version
   * confirms it (else the stream is read whole) — the same head read as without it, the units as
   * of now, without reading and folding an issue's whole history on every request (#20).
   */
  private readonly issues = new Map<string, { state: IssueState; version: number; hash: string }>();

  constructor(private readonly events: Pick<EventStore, 'readAll' | 'readStream' | 'loadStream'>) {}

  /** The tree, knowing every unit of `mustKnow` that is registered. */
  async unitTree(mustKnow: (string | null | undefined)[] = []): Promise<UnitTree> {
    this.tree ??= this.loadAll().catch((error) => {
      this.tree = null;
      throw error;
    });
    const tree = await this.tree;
    for (const unitId of mustKnow) if (typeof unitId === 'string' && !tree.has(unitId)) await this.learn(tree, unitId);
    return tree;
  }

  private async loadAll(): Promise<UnitTree> {
    const nodes: { unitId: string; parentUnitId: string | null }[] = [];
    for await (const batch of this.events.readAll({ types: ['UnitRegistered'], batchSize: 5000 }))
      for (const stored of batch) {
        const e = asBanjieEvent(stored);
        if (e.type === 'UnitRegistered') nodes.push({ unitId: e.data.unitId, parentUnitId: e.data.parentUnitId ?? null });
      }
    return new UnitTree(nodes);
  }

  /** A unit (and its unknown ancestors) registered since the tree was read; an unknown id adds nothing. */
  private async learn(tree: UnitTree, unitId: string): Promise<void> {
    const chain: { unitId: string; parentUnitId: string | null }[] = [];
    for (let id: string | null = unitId; id && !tree.has(id) && chain.length < 16;) {
      const [first] = await this.events.readStream(unitStream(id), { maxCount: 1 });
      if (!first || first.type !== 'UnitRegistered') break;
      const e = asBanjieEvent(first);
      const parentUnitId: string | null = e.type === 'UnitRegistered' ? (e.data.parentUnitId ?? null) : null;
      chain.push({ unitId: id, parentUnitId });
      id = parentUnitId;
    }
    for (const node of chain.reverse()) tree.add(node);
  }

  /** The units of a named resource, or 'missing'. An issue is read by its collecting and its responsible unit's officers. */
  async target(kind: 'issue' | 'activity' | 'notice', id: string): Promise<Exclude<TargetUnits, null>> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) return 'missing';
    if (kind === 'issue') {
      const issue = await this.issue(issueStream(id));
      if (!issue) return 'missing';
      const collecting = issue.collectingUnitId!;
      const responsible = issue.responsibleUnitId ?? collecting;
      return { kind, read: [...new Set([responsible, collecting])], write: responsible };
    }
    const stream = kind === 'activity' ? activityStream(id) : supervisionStream(id);
    const [first] = await this.events.readStream(stream, { maxCount: 1 });
    const unitId = first?.data.unitId;
    if (typeof unitId !== 'string' || !unitId) return 'missing';
    return { kind, read: [unitId], write: unitId };
  }

  /** The issue's fold as stored now (one statement: the writer's load, from the cached version on), or null when it is no issue. */
  private async issue(streamId: string): Promise<IssueState | null> {
    const cached = this.issues.get(streamId);
    if (cached) {
      const tail = await this.events.loadStream(streamId, { fromVersion: cached.version + 1 });
      if (tail.baseHash === cached.hash) return this.remember(streamId, cached.state, tail.events, tail.head);
      this.issues.delete(streamId); // not the stream we folded (a reset database): read it whole
    }
    const whole = await this.events.loadStream(streamId);
    if (whole.events[0]?.type !== 'IssueCollected') return null;
    return this.remember(streamId, initialIssueState(), whole.events, whole.head);
  }

  private remember(streamId: string, from: IssueState, events: FoldEvent[], head: { version: number; hash: string | null }): IssueState {
    const state = events.length ? fold(evolveIssue, from, events.map((e) => asBanjieEvent(e)).filter(isIssueEvent)) : from;
    this.issues.delete(streamId); // re-inserted last: most recently used
    if (head.hash) this.issues.set(streamId, { state, version: head.version, hash: head.hash });
    if (this.issues.size > ISSUE_CACHE_SIZE) this.issues.delete(this.issues.keys().next().value as string);
    return state;
  }
}
