/**
 * The tables of one generation of a read model, from its declarations (runtime/table.ts): created
 * empty (for a rebuild with only the keys its upserts need, or none for append-only tables), their
 * deferred indexes built after the bulk fill, dropped with the generation.
 */
import type { Pool } from 'pg';
import { generationTable, type ProjectionDefinition } from './projection';

export class GenerationTables {
  constructor(private readonly pool: Pool) {}

  /**
   * Creates generation `generation`'s tables (dropping any leftovers). With `deferIndexes` (a
   * rebuild's bulk phase) append-only tables get no index at all and the others only their primary
   * key; `buildDeferredIndexes` adds the rest.
   */
  async create(def: ProjectionDefinition, generation: number, deferIndexes = false): Promise<void> {
    for (const table of def.tables) {
      const t = generationTable(table.name, generation);
      await this.pool.query(`DROP TABLE IF EXISTS ${t}`);
      await this.pool.query(table.createSql(t, !(deferIndexes && table.appendOnly)));
      if (!deferIndexes) for (const sql of table.indexSql(t)) await this.pool.query(sql);
    }
  }

  /** After the bulk phase: the primary keys of append-only tables, every secondary index, then ANALYZE (the planner knows the size). */
  async buildDeferredIndexes(def: ProjectionDefinition, generation: number): Promise<void> {
    for (const table of def.tables) {
      const t = generationTable(table.name, generation);
      if (table.appendOnly) await this.pool.query(`ALTER TABLE ${t} ADD ${table.primaryKeySql(t)}`);
      for (const sql of table.indexSql(t)) await this.pool.query(sql);
      await this.pool.query(`ANALYZE ${t}`);
    }
  }

  async drop(def: ProjectionDefinition, generation: number): Promise<void> {
    for (const table of def.tables) await this.pool.query(`DROP TABLE IF EXISTS ${generationTable(table.name, generation)}`);
  }

  async exist(def: ProjectionDefinition, generation: number): Promise<boolean> {
    const names = def.tables.map((t) => generationTable(t.name, generation));
    const { rows } = await this.pool.query(
      `SELECT count(*)::int AS n FROM unnest($1::text[]) AS t(name) WHERE to_regclass(t.name) IS NOT NULL`,
      [names],
    );
    return rows[0].n === names.length;
  }
}
