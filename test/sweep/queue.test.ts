// The one-statement commit: pg-boss's own completion (and failure) statement with our INSERT in front
// as a data-modifying CTE, placeholders renumbered after pg-boss's. Checked on the statements pg-boss
// really sends (its complete and fail, through a pool that records them): if a pg-boss upgrade changed
// their shape, workers would fall back to a transaction, and this test says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import PgBoss from 'pg-boss';
import { together } from '../../sim/sweep/queue.ts';
import { failureInsert, resultInsert } from '../../sim/sweep/store.ts';

const ID = '00000000-0000-4000-8000-000000000001';

function recordingPool() {
  const seen: { text: string; values: unknown[] }[] = [];
  const pool = {
    query: async (text: string, values: unknown[]) => {
      seen.push({ text, values });
      return { rows: [{ count: 1 }], rowCount: 1 };
    },
    connect: async () => {
      throw new Error('the fused path needs no client of its own');
    },
  };
  return { pool: pool as never, seen };
}

// Never started: complete and fail only need a connection, which `db` gives them.
const boss = new PgBoss({ connectionString: 'postgres://unused@127.0.0.1:1/unused' });

test('complete + the result row: one statement, our INSERT first, its placeholders after pg-boss\'s', async () => {
  const { pool, seen } = recordingPool();
  const row = resultInsert('sw1', { point: 2, seed: '7', codeVersion: 'v', scenarioHash: 'h', params: { a: 1 }, metrics: { m: 0.5 }, digest: 'd', runMs: 12, worker: 'w', startedAt: new Date(0) });
  const db = together(pool, row);
  await boss.complete('q', ID, { digest: 'd' }, { db });
  assert.equal(db.fused(), true, 'pg-boss\'s complete is a WITH statement: fused');
  assert.equal(seen.length, 1, 'one round trip');
  const [{ text, values }] = seen as [{ text: string; values: unknown[] }];
  assert.match(text, /^WITH interop_sim_row AS \(INSERT INTO interop_sim\.results [^)]*\)\s+VALUES \(\$4,\$5,\$6,\$7,\$8,\$9,\$10,\$11,\$12,\$13,\$14,\$15\) ON CONFLICT DO NOTHING\), results AS \(\s+UPDATE pgboss\.job/);
  assert.deepEqual(values.slice(0, 3), ['q', [ID], { digest: 'd' }]);
  assert.deepEqual(values.slice(3), row.values);
});

test('fail + the failure row: one statement as well', async () => {
  const { pool, seen } = recordingPool();
  const f = failureInsert('sw1', 2, '7', 'boom', 'w');
  const db = together(pool, f);
  await boss.fail('q', ID, { message: 'boom' }, { db });
  assert.equal(db.fused(), true);
  assert.equal(seen.length, 1);
  assert.match(seen[0]!.text, /^WITH interop_sim_row AS \(INSERT INTO interop_sim\.failures \(sweep_id, point, seed, error, worker\) VALUES \(\$4,\$5,\$6,\$7,\$8\)\), deleted_jobs AS \(/);
  assert.deepEqual(seen[0]!.values.slice(3), f.values);
});
