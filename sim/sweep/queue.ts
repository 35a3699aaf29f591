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

export async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  if ((await boss.getQueue(name)) === null) await boss.createQueue(name, { name, policy: 'standard' });
}
