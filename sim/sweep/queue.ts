import PgBoss from 'pg-boss';
import type pg from 'pg';

/**
 * The job queue: pg-boss on the same database. Expired jobs (a worker died mid-cell) go back to the
 * queue when a maintenance pass runs, so it runs at least every quarter of the cell timeout.
 */
export async function openQueue(url: string, cellTimeoutSeconds: number, onError: (e: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    max: 3,
    application_name: 'interop-sim',
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.ceil(cellTimeoutSeconds / 4))),
    monitorStateIntervalSeconds: 3600,
    // A failed job is how a sweep knows a cell failed for good: keep it in the job table for the life of
    // a long sweep (pg-boss's default moves it to the archive after 12 hours); queued jobs likewise.
    archiveFailedAfterSeconds: 90 * 24 * 3600,
    retentionDays: 90,
  });
  boss.on('error', onError);
  await boss.start();
  return boss;
}

/** pg-boss's connection option: run its statements on our client, inside our transaction. */
export const inTransaction = (client: pg.PoolClient): PgBoss.Db => ({ executeSql: (text, values) => client.query(text, values) });

/** A statement of ours: text with placeholders $1.. and their values. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

/**
 * pg-boss's connection option that sends its statement and ours as ONE statement: ours (an INSERT)
 * becomes a data-modifying CTE in front of pg-boss's own `WITH ... SELECT` (complete and fail are
 * written that way), its placeholders renumbered after pg-boss's. One statement is one transaction,
 * so both writes happen or neither, in one round trip instead of BEGIN, two statements and COMMIT.
 * Should pg-boss's statement ever take another shape, both run in a transaction on one client instead.
 */
export function together(pool: pg.Pool, ours: Statement): PgBoss.Db & { readonly fused: () => boolean } {
  let fused = false;
  return {
    fused: () => fused,
    executeSql: async (text, values = []) => {
      const m = /^\s*WITH\s+/i.exec(text);
      if (m !== null) {
        fused = true;
        const shifted = ours.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + values.length}`);
        return pool.query(`WITH interop_sim_row AS (${shifted}), ${text.slice(m[0].length)}`, [...values, ...ours.values]);
      }
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(ours.text, [...ours.values]);
        const r = await client.query(text, values);
        await client.query('COMMIT');
        return r;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
  };
}

export async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  if ((await boss.getQueue(name)) === null) await boss.createQueue(name, { name, policy: 'standard' });
}
