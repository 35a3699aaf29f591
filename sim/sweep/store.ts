import type pg from 'pg';
import type { SweepPlan } from './planCells.ts';

/**
 * The results tables, next to pg-boss's own schema. One row per (sweep, point, seed, code version,
 * scenario hash): the primary key makes a second write of the same cell a no-op, whoever does it.
 */
const DDL = `
CREATE SCHEMA IF NOT EXISTS interop_sim;
CREATE TABLE IF NOT EXISTS interop_sim.sweeps (
  id text PRIMARY KEY,
  name text NOT NULL,
  code_version text NOT NULL,
  queue text NOT NULL,
  parameters text[] NOT NULL,
  metrics text[] NOT NULL,
  cells integer NOT NULL,
  spec jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS interop_sim.results (
  sweep_id text NOT NULL REFERENCES interop_sim.sweeps(id),
  point integer NOT NULL,
  seed text NOT NULL,
  code_version text NOT NULL,
  scenario_hash text NOT NULL,
  params jsonb NOT NULL,
  metrics jsonb NOT NULL,
  digest text NOT NULL,
  run_ms double precision NOT NULL,
  worker text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sweep_id, point, seed, code_version, scenario_hash)
);
CREATE TABLE IF NOT EXISTS interop_sim.failures (
  id bigserial PRIMARY KEY,
  sweep_id text NOT NULL REFERENCES interop_sim.sweeps(id),
  point integer NOT NULL,
  seed text NOT NULL,
  error text NOT NULL,
  worker text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
-- A study's cell (compare, attacks, pcs through the queue): the whole run's result (v8 serialization), which the study folds.
ALTER TABLE interop_sim.results ADD COLUMN IF NOT EXISTS run bytea;`;

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Creates the tables once; concurrent callers (many workers starting together) wait on one lock. */
export async function ensureSchema(pool: pg.Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('interop_sim schema'))`);
    await c.query(DDL);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

export const queueName = (sweepId: string) => `interop-sim-sweep-${sweepId}`;

export async function registerSweep(db: Queryable, plan: SweepPlan): Promise<void> {
  await db.query(
    `INSERT INTO interop_sim.sweeps (id, name, code_version, queue, parameters, metrics, cells, spec) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (id) DO NOTHING`,
    [plan.id, plan.name, plan.codeVersion, queueName(plan.id), plan.parameters, plan.spec.metrics, plan.cells.length, JSON.stringify(plan.spec)],
  );
}

export interface SweepRow {
  readonly id: string;
  readonly name: string;
  readonly codeVersion: string;
  readonly queue: string;
  readonly cells: number;
}

export async function listSweeps(db: Queryable): Promise<SweepRow[]> {
  const r = await db.query(`SELECT id, name, code_version, queue, cells FROM interop_sim.sweeps ORDER BY created_at`);
  return r.rows.map((x) => ({ id: x.id, name: x.name, codeVersion: x.code_version, queue: x.queue, cells: x.cells }));
}

/** Cells done, failed for good (no attempts left), and running now. */
export interface SweepCounts {
  readonly done: number;
  readonly failed: number;
  readonly active: number;
}

export async function sweepCounts(db: Queryable, sweepId: string): Promise<SweepCounts> {
  const r = await db.query(
    `SELECT
       (SELECT count(*) FROM interop_sim.results WHERE sweep_id = $1)::int AS done,
       (SELECT count(*) FROM pgboss.job j WHERE j.name = $2 AND j.state = 'failed'
          AND NOT EXISTS (SELECT 1 FROM interop_sim.results r WHERE r.sweep_id = $1 AND r.point = (j.data->>'point')::int AND r.seed = j.data->>'seed'))::int AS failed,
       (SELECT count(*) FROM pgboss.job WHERE name = $2 AND state = 'active')::int AS active`,
    [sweepId, queueName(sweepId)],
  );
  const row = r.rows[0] as SweepCounts;
  return { done: row.done, failed: row.failed, active: row.active };
}

export async function doneCells(db: Queryable, sweepId: string): Promise<Set<string>> {
  const r = await db.query(`SELECT point, seed FROM interop_sim.results WHERE sweep_id = $1`, [sweepId]);
  return new Set(r.rows.map((x) => `${x.point}/${x.seed}`));
}

export async function hasResult(db: Queryable, sweepId: string, point: number, seed: string): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM interop_sim.results WHERE sweep_id = $1 AND point = $2 AND seed = $3`, [sweepId, point, seed]);
  return r.rowCount !== null && r.rowCount > 0;
}

export interface ResultRow {
  readonly point: number;
  readonly seed: string;
  readonly codeVersion: string;
  readonly scenarioHash: string;
  readonly params: Record<string, unknown>;
  readonly metrics: Record<string, number | null>;
  readonly digest: string;
  readonly runMs: number;
  readonly worker: string;
  /** Wall-clock start of the run (throughput measurements; not part of the result). */
  readonly startedAt?: Date;
  /** A study's cell: the whole run's result, serialized (see `readRuns`). */
  readonly run?: Buffer;
}

/** The statement that writes a cell's row; a row already there (another worker finished the same cell) is kept. */
export function resultInsert(sweepId: string, row: ResultRow): { text: string; values: unknown[] } {
  return {
    text: `INSERT INTO interop_sim.results (sweep_id, point, seed, code_version, scenario_hash, params, metrics, digest, run_ms, worker, started_at, run)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT DO NOTHING`,
    values: [sweepId, row.point, row.seed, row.codeVersion, row.scenarioHash, JSON.stringify(row.params), JSON.stringify(row.metrics), row.digest, row.runMs, row.worker, row.startedAt ?? new Date(), row.run ?? null], // wall-clock ok
  };
}

export async function insertResult(db: Queryable, sweepId: string, row: ResultRow): Promise<boolean> {
  const { text, values } = resultInsert(sweepId, row);
  const r = await db.query(text, values);
  return r.rowCount === 1;
}

export function failureInsert(sweepId: string, point: number, seed: string, error: string, worker: string): { text: string; values: unknown[] } {
  return { text: `INSERT INTO interop_sim.failures (sweep_id, point, seed, error, worker) VALUES ($1,$2,$3,$4,$5)`, values: [sweepId, point, seed, error, worker] };
}

export async function insertFailure(db: Queryable, sweepId: string, point: number, seed: string, error: string, worker: string): Promise<void> {
  const { text, values } = failureInsert(sweepId, point, seed, error, worker);
  await db.query(text, values);
}

export async function readResults(db: Queryable, sweepId: string): Promise<ResultRow[]> {
  const r = await db.query(`SELECT point, seed, code_version, scenario_hash, params, metrics, digest, run_ms, worker FROM interop_sim.results WHERE sweep_id = $1 ORDER BY point, seed`, [sweepId]);
  return r.rows.map((x) => ({ point: x.point, seed: x.seed, codeVersion: x.code_version, scenarioHash: x.scenario_hash, params: x.params, metrics: x.metrics, digest: x.digest, runMs: x.run_ms, worker: x.worker }));
}

/** A study's kept runs (serialized) by point, those not in `seen` (points already read). */
export async function readRuns(db: Queryable, sweepId: string, seen: ReadonlySet<number> = new Set()): Promise<{ point: number; run: Buffer }[]> {
  const r = await db.query(`SELECT point, run FROM interop_sim.results WHERE sweep_id = $1 AND run IS NOT NULL AND NOT (point = ANY($2::int[])) ORDER BY point`, [sweepId, [...seen]]);
  return r.rows.map((x) => ({ point: x.point, run: x.run }));
}

/** Cells that failed for good, with their last error. */
export async function readFailed(db: Queryable, sweepId: string): Promise<{ point: number; seed: string; jobId: string; error: string; attempts: number }[]> {
  const r = await db.query(
    `SELECT j.id, (j.data->>'point')::int AS point, j.data->>'seed' AS seed,
       (SELECT count(*) FROM interop_sim.failures f WHERE f.sweep_id = $1 AND f.point = (j.data->>'point')::int AND f.seed = j.data->>'seed')::int AS attempts,
       COALESCE((SELECT f.error FROM interop_sim.failures f WHERE f.sweep_id = $1 AND f.point = (j.data->>'point')::int AND f.seed = j.data->>'seed' ORDER BY f.id DESC LIMIT 1), j.output->'value'->>'message', j.output->>'message', 'failed') AS error
     FROM pgboss.job j WHERE j.name = $2 AND j.state = 'failed'
       AND NOT EXISTS (SELECT 1 FROM interop_sim.results r WHERE r.sweep_id = $1 AND r.point = (j.data->>'point')::int AND r.seed = j.data->>'seed')
     ORDER BY point, seed`,
    [sweepId, queueName(sweepId)],
  );
  return r.rows.map((x) => ({ point: x.point, seed: x.seed, jobId: x.id, error: x.error, attempts: x.attempts }));
}
