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
} from '@banjie/domain';
import type { EventStore } from '@banjie/event-store';
import type { TargetUnits } from '../policy/authorize';
import { UnitTree } from '../policy/unit-tree';

/**
 * What the guard needs from the event store, read through its port so it is never behind a
 * projection: the unit tree (UnitRegistered facts, read once; a unit's parent never changes, so a
 * unit registered later is added by reading its stream when it is first named), and which units a
 * named issue, activity or notice belongs to (an issue's units from the domain's own fold).
 */
export class UnitDirectory {
  private tree: Promise<UnitTree> | null = null;

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
      // The writer's load (one JSON row, only what a fold needs): this runs on every issue request.
      const { events: stored } = await this.events.loadStream(issueStream(id));
      if (stored[0]?.type !== 'IssueCollected') return 'missing';
      const issue = fold(evolveIssue, initialIssueState(), stored.map((e) => asBanjieEvent(e)).filter(isIssueEvent));
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
}
