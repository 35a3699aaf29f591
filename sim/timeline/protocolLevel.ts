import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashOf } from '../sweep/canonicalHash.ts';
import { startEmbeddedDb, type EmbeddedDb } from '../sweep/embeddedDb.ts';
import { validateSweep } from '../sweep/loadSweep.ts';
import { planCells } from '../sweep/planCells.ts';
import { runSweep } from '../sweep/runSweep.ts';
import type { WorldDoc } from './phaseWorlds.ts';

/** A world whose cells failed: its figures cannot be measured (the CLI prints it as one line). */
export class ProtocolLevelError extends Error {
  override readonly name = 'ProtocolLevelError';
}

/** The protocol-level metrics the timeline weights by traffic (names as in `compare`). */
export const PROTOCOL_METRICS = ['e2eePreservedPct', 'plaintextExposurePerMessage', 'featureFidelity', 'latencyP95Ms', 'deliveryRatio'] as const;
export type ProtocolMetric = (typeof PROTOCOL_METRICS)[number];

/** One simulator run behind a figure: enough to find it again (sweep, cell, digest). */
export interface RunRef {
  readonly carrier: string;
  readonly sweepId: string;
  readonly worldHash: string;
  readonly seed: string;
  readonly digest: string;
  readonly metrics: Readonly<Record<string, number | null>>;
}

/** A carrier's measurements over seeds: mean, low, high; null when the world does not measure it. */
export interface Measured {
  readonly carrier: string;
  readonly stands: string;
  readonly worldHash: string;
  readonly sweepId: string;
  readonly metrics: Readonly<Record<ProtocolMetric, { mean: number; lo: number; hi: number } | null>>;
  readonly runs: readonly RunRef[];
}

export interface ProtocolOptions {
  readonly outDir: string;
  readonly seeds: number;
  readonly database?: string;
  readonly workers: number;
  readonly onWorld?: (done: number, total: number, carrier: string) => void;
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** Fidelity is measured where the world runs the content layer (MLS leaves, Signal client profiles). */
const measures = (w: WorldDoc, m: ProtocolMetric): boolean => m !== 'featureFidelity' || w.scenario.content !== undefined;

/**
 * Runs each world as a sweep of the sweep engine (one point, `seeds` seeds), all in one database: the
 * sweep's name carries the world's hash, so the same world under the same code is found done and not run
 * again (the database is the cache), and a crash resumes where the cells stopped.
 */
export async function runProtocolLevel(worlds: readonly WorldDoc[], opts: ProtocolOptions): Promise<Measured[]> {
  let db: EmbeddedDb | undefined;
  const out: Measured[] = [];
  try {
    if (opts.database === undefined) db = await startEmbeddedDb(join(opts.outDir, 'db'));
    const url = opts.database ?? db!.url;
    for (const [i, w] of worlds.entries()) {
      opts.onWorld?.(i, worlds.length, w.carrier);
      const worldHash = hashOf(w.scenario).slice(0, 16);
      const dir = join(opts.outDir, 'worlds', `${w.carrier.replace('/', '-')}-${worldHash}`);
      mkdirSync(dir, { recursive: true });
      const scenarioFile = join(dir, 'scenario.json');
      writeFileSync(scenarioFile, JSON.stringify(w.scenario, null, 2) + '\n');
      const sweepDoc = { name: `timeline-world-${worldHash}`, description: w.stands, base: 'scenario.json', parameters: { seed: [w.scenario.seed as number] }, seeds: opts.seeds, metrics: [...PROTOCOL_METRICS] };
      const sweepFile = join(dir, 'sweep.json');
      writeFileSync(sweepFile, JSON.stringify(sweepDoc, null, 2) + '\n');
      const plan = planCells({ file: sweepFile, spec: validateSweep(sweepDoc, sweepFile), base: { kind: 'scenario', path: scenarioFile, data: w.scenario }, basePath: scenarioFile, baseData: w.scenario });
      const { result } = await runSweep(plan, { outDir: dir, database: url, workers: Math.min(opts.workers, plan.cells.length), ...(opts.log !== undefined && { log: opts.log }), ...(opts.signal !== undefined && { signal: opts.signal }) });
      if (result.failed.length > 0) throw new ProtocolLevelError(`world ${w.carrier}: ${result.failed.length} cell(s) failed: ${result.failed[0]!.error}`);
      const runs = result.cells.map((c) => ({ carrier: w.carrier, sweepId: plan.id, worldHash, seed: c.seed, digest: c.digest, metrics: c.metrics }));
      const metrics = Object.fromEntries(
        PROTOCOL_METRICS.map((m) => {
          const vs = runs.map((r) => r.metrics[m]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
          if (!measures(w, m) || vs.length === 0) return [m, null];
          return [m, { mean: vs.reduce((s, v) => s + v, 0) / vs.length, lo: Math.min(...vs), hi: Math.max(...vs) }];
        }),
      ) as Measured['metrics'];
      out.push({ carrier: w.carrier, stands: w.stands, worldHash, sweepId: plan.id, metrics, runs });
      opts.onWorld?.(i + 1, worlds.length, w.carrier);
    }
    return out;
  } finally {
    await db?.stop();
  }
}
