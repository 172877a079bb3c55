/** One unit's place in the hierarchy: 厅本级 / 市州 / 县市区 with `parentUnitId`. */
export interface UnitNode {
  unitId: string;
  parentUnitId: string | null;
}

/**
 * The unit hierarchy as a parent map. Pure: built from UnitRegistered facts (a unit's parent
 * never changes), asked "is B at or below A?".
 */
export class UnitTree {
  private readonly parent = new Map<string, string | null>();
  private readonly children = new Map<string, string[]>();

  constructor(nodes: Iterable<UnitNode>) {
    for (const n of nodes) {
      this.parent.set(n.unitId, n.parentUnitId ?? null);
      if (n.parentUnitId) this.children.set(n.parentUnitId, [...(this.children.get(n.parentUnitId) ?? []), n.unitId]);
    }
  }

  /** Adds a unit registered after the tree was read (a parent never changes, so nothing else moves). */
  add(node: UnitNode): void {
    if (this.parent.has(node.unitId)) return;
    this.parent.set(node.unitId, node.parentUnitId ?? null);
    if (node.parentUnitId) this.children.set(node.parentUnitId, [...(this.children.get(node.parentUnitId) ?? []), node.unitId]);
  }

  has(unitId: string): boolean {
    return this.parent.has(unitId);
  }

  get size(): number {
    return this.parent.size;
  }

  /** `unitId` is `ancestorId` itself or lies below it (cycle-safe: a malformed tree ends the walk). */
  isAtOrBelow(unitId: string, ancestorId: string): boolean {
    const seen = new Set<string>();
    for (let u: string | null | undefined = unitId; u && !seen.has(u); u = this.parent.get(u)) {
      if (u === ancestorId) return true;
      seen.add(u);
    }
    return false;
  }

  /** `unitId` and every unit below it, breadth first. */
  subtree(unitId: string): string[] {
    const out: string[] = [];
    const queue = [unitId];
    const seen = new Set<string>();
    while (queue.length) {
      const u = queue.shift()!;
      if (seen.has(u)) continue;
      seen.add(u);
      out.push(u);
      queue.push(...(this.children.get(u) ?? []));
    }
    return out;
  }
}
