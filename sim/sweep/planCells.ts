import { dirname } from 'node:path';
import { ScenarioError, validateScenario, type Scenario } from '../../scenarios/index.ts';
import { replicationSeeds } from '../compare/runCompare.ts';
import { hashOf, uuidFromHash } from './canonicalHash.ts';
import { codeVersion } from './codeVersion.ts';
import { designPoints, type Point } from './design.ts';
import { parseFieldPath, setField } from './fieldPath.ts';
import { engineNextTo } from './loadBase.ts';
import type { LoadedSweep } from './loadSweep.ts';
import { SweepError } from './sweepError.ts';
import type { SweepSpec } from './sweepSpec.ts';

/** One cell: a point of the design under one seed, with the scenario the worker runs. */
export interface Cell {
  readonly point: number;
  readonly seed: string;
  readonly params: Point;
  /** The scenario as written (base, `set`, then the point's values): what workers validate and run. */
  readonly scenario: Readonly<Record<string, unknown>>;
  /** SHA-256 of the validated scenario's canonical JSON. */
  readonly scenarioHash: string;
  /** The queue's job id for this cell: derived from the sweep and the cell, so enqueueing is idempotent. */
  readonly jobId: string;
  /** A study's cell (`studyPlan.ts`): the architecture imposed on the scenario, where its run is written. */
  readonly architecture?: string;
  readonly outDir?: string;
}

export interface SweepPlan {
  readonly id: string;
  readonly name: string;
  readonly codeVersion: string;
  readonly spec: SweepSpec;
  readonly parameters: readonly string[];
  readonly points: readonly Point[];
  readonly cells: readonly Cell[];
  /** A study's plan: every cell's whole run is kept in its row, for the study to fold. */
  readonly keepRuns?: boolean;
}

const MAX_CELLS = 200_000;

function applyFields(data: unknown, fields: Readonly<Record<string, unknown>>, group: string): { data: unknown; problems: string[] } {
  const problems: string[] = [];
  for (const [path, value] of Object.entries(fields)) {
    const r = setField(data, parseFieldPath(path)!, value);
    if (r.ok) data = r.data;
    else problems.push(`${group}."${path}": ${r.problem} in the base scenario`);
  }
  return { data, problems };
}

export const describePoint = (p: Point): string => Object.entries(p).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');

/** The validated scenario of a cell, and its hash: what the coordinator plans and each worker checks. */
export function cellScenario(data: unknown, source: string): { scenario: Scenario; hash: string } {
  const scenario = validateScenario(data, source);
  return { scenario, hash: hashOf(scenario) };
}

/**
 * Every cell of a sweep, each scenario validated; a problem in any point is reported with the point's
 * values (once per distinct problem), and nothing runs.
 */
export function planCells(loaded: LoadedSweep): SweepPlan {
  const { spec } = loaded;
  const base = applyFields(loaded.baseData, spec.set, 'set');
  if (base.problems.length > 0) throw new SweepError(loaded.file, base.problems);
  const points = designPoints(spec.parameters, spec.design);
  if (points.length * spec.seeds > MAX_CELLS) throw new SweepError(loaded.file, [`(design): ${points.length} points x ${spec.seeds} seeds is more than ${MAX_CELLS} cells`]);
  const problems = new Map<string, string>();
  const prepared: { point: Point; data: Record<string, unknown>; scenario: Scenario; hash: string }[] = [];
  points.forEach((point, i) => {
    const applied = applyFields(base.data, point, 'parameters');
    for (const p of applied.problems) problems.set(p, p);
    if (applied.problems.length > 0) return;
    // An engine module the base named is absolute already (loadBase); one the sweep file set is next to it.
    applied.data = engineNextTo(applied.data as Record<string, unknown>, dirname(loaded.file));
    try {
      const { scenario, hash } = cellScenario(applied.data, loaded.basePath);
      prepared.push({ point, data: applied.data as Record<string, unknown>, scenario, hash });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      for (const p of e.problems) if (!problems.has(p)) problems.set(p, `point ${i} (${describePoint(point)}): ${p}`);
    }
  });
  if (problems.size > 0) throw new SweepError(loaded.file, [...problems.values()]);
  const version = codeVersion();
  const seeds = replicationSeeds(spec.seed !== undefined ? String(spec.seed) : String(prepared[0]!.scenario.seed), spec.seeds);
  const id = hashOf({ name: spec.name, version, metrics: spec.metrics, cells: prepared.map((p) => [p.point, p.hash]), seeds }).slice(0, 16);
  const cells = prepared.flatMap((p, point) =>
    seeds.map((seed) => ({ point, seed, params: p.point, scenario: p.data, scenarioHash: p.hash, jobId: uuidFromHash(hashOf({ id, point, seed })) })),
  );
  return { id, name: spec.name, codeVersion: version, spec, parameters: Object.keys(spec.parameters), points, cells };
}
