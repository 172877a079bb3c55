import type { Pool, PoolClient } from 'pg';

/**
 * Runs `fn` in one transaction on one client of the pool: COMMIT when it returns, ROLLBACK when
 * it throws (the error goes on). On PGlite the pool is one connection, so `fn` must use the
 * client it is given, never the pool, or it waits for itself.
 */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
