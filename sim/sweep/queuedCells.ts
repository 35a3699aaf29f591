import { resolve } from 'node:path';
import { deserialize } from 'node:v8';
import pg from 'pg';
import type { Cell, CellRunner } from '../cells/index.ts';
import type { RunResult } from '../runner/runResult.ts';
import { hashOf, uuidFromHash } from './canonicalHash.ts';
import { codeVersion } from './codeVersion.ts';
import { cellScenario, type SweepPlan } from './planCells.ts';
import { runSweep } from './runSweep.ts';
import { readRuns } from './store.ts';
import { sweepSchema } from './sweepSpec.ts';

export interface QueuedCellsOptions {
  /** The study and its scenario (`compare-default`): the sweep's name, letters, digits, - _ . */
  readonly study: string;
  /** The engine's folder: its results.json, cells.csv, progress.json, and without `database` its PostgreSQL (db/). */
  readonly outDir: string;
  /** An existing PostgreSQL server; otherwise our own in outDir/db. */
  readonly database?: string;
  /** Local worker processes (0: workers elsewhere do the cells). */
  readonly workers: number;
  /** A cell running longer is presumed lost and runs again. */
  readonly cellTimeoutSeconds?: number;
  readonly log?: (line: string) => void;
  readonly onDatabase?: (url: string) => void;
}

/** A study's cells as a sweep: one point per cell, its seed, the architecture as the point's parameter; whole runs kept. */
export function studyPlan(study: string, cells: readonly Cell[], cellTimeoutSeconds = 3600): SweepPlan {
  const name = study.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^[^A-Za-z0-9]/, 's');
  const spec = sweepSchema.parse({ name, base: '(study)', parameters: { architecture: ['(the cell\'s)'] }, cellTimeoutSeconds, retries: 1 });
  const version = codeVersion();
  const planned = cells.map((c) => {
    const { hash } = cellScenario(c.scenario, study);
    return { c, hash, outDir: c.outDir !== undefined ? resolve(c.outDir) : undefined };
  });
  const id = hashOf({ study: name, version, cells: planned.map(({ c, hash, outDir }) => [hash, c.architecture ?? null, c.seed, outDir ?? null]) }).slice(0, 16);
  return {
    id,
    name,
    codeVersion: version,
    spec,
    parameters: ['architecture'],
    points: planned.map(({ c }) => ({ architecture: c.architecture ?? '' })),
    cells: planned.map(({ c, hash, outDir }, point) => ({
      point,
      seed: c.seed,
      params: { architecture: c.architecture ?? '' },
      scenario: c.scenario as unknown as Record<string, unknown>,
      scenarioHash: hash,
      jobId: uuidFromHash(hashOf({ id, point, seed: c.seed })),
      ...(c.architecture !== undefined && { architecture: c.architecture }),
      ...(outDir !== undefined && { outDir }),
    })),
    keepRuns: true,
  };
}

/** A cell that failed for good (after its retries) in a queued study. */
export class QueuedCellFailed extends Error {
  override readonly name = 'QueuedCellFailed';
}

/**
 * Runs a study's cells on the sweep engine instead of the local pool: a pg-boss queue and result rows
 * in PostgreSQL, so a crash loses nothing (the same command again runs only the cells without a row)
 * and `interop-sim worker --database URL` on other machines can help. Each row keeps the whole run
 * (v8 serialization, as a thread hands a run back to the pool), so the study folds the same results
 * and prints the same bytes as on the local pool.
 */
export function queuedCells(opts: QueuedCellsOptions): CellRunner {
  return async (cells, options) => {
    if (cells.length === 0) return [];
    const plan = studyPlan(opts.study, cells, opts.cellTimeoutSeconds);
    const runs = new Map<number, RunResult>();
    let url: string | undefined;
    let reading: Promise<void> | undefined;
    // Results as their rows appear (each poll), for the caller's progress; then the rest at the end.
    const readNew = async (pool: pg.Pool) => {
      for (const { point, run } of await readRuns(pool, plan.id, new Set(runs.keys()))) {
        if (runs.has(point)) continue;
        const r = deserialize(run) as RunResult;
        runs.set(point, r);
        options.onCellDone?.(runs.size, cells.length, point, r);
      }
    };
    const pool = () => {
      const p = new pg.Pool({ connectionString: url, max: 1, application_name: 'interop-sim study' });
      p.on('error', () => {}); // an idle client losing the server: the next query reports it
      return p;
    };
    let reader: pg.Pool | undefined;
    try {
      const outcome = await runSweep(plan, {
        outDir: opts.outDir,
        ...(opts.database !== undefined && { database: opts.database }),
        workers: options.workers ?? opts.workers,
        ...(opts.log !== undefined && { log: opts.log }),
        onDatabase: (u) => {
          url = u;
          opts.onDatabase?.(u);
        },
        onProgress: (c) => {
          if (url === undefined || reading !== undefined || c.done <= runs.size) return;
          reader ??= pool();
          reading = readNew(reader).catch(() => {}).finally(() => (reading = undefined));
        },
        // The database must still be up to read the runs: read them before runSweep stops our server.
        beforeStop: async () => {
          await reading;
          reader ??= pool();
          await readNew(reader);
          await reader.end();
          reader = undefined;
        },
      });
      const failed = outcome.result.failed;
      if (failed.length > 0) {
        const f = failed[0]!;
        const cell = cells[f.point]!;
        throw new QueuedCellFailed(`${failed.length} cell(s) failed for good, first ${cell.architecture ?? cell.scenario.name}/${cell.seed}: ${f.error}`);
      }
      return cells.map((c, point) => {
        const r = runs.get(point);
        if (r === undefined) throw new Error(`cell ${point} (${c.architecture ?? c.scenario.name}/${c.seed}) has no kept run in the database`);
        return r;
      });
    } finally {
      await reader?.end().catch(() => {});
    }
  };
}
