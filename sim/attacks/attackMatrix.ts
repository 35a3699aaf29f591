import type { ArchitectureName } from '../interop/index.ts';
import type { AttackResult } from '../runner/runResult.ts';

/** One cell: an attack x defense under one architecture, over the seeds that ran. */
export type AttackCell =
  | { readonly applicable: false; readonly reason: string }
  | {
      readonly applicable: true;
      readonly runs: number;
      readonly attempts: number;
      readonly successes: number;
      /** successes / attempts over all seeds (NaN when nothing was attempted). */
      readonly successRate: number;
      /** Messages exposed to / forged by the attacker, per run. */
      readonly exposedPerRun: number;
      readonly forgedPerRun: number;
      /** Attempts detected, and the mean and worst virtual seconds to detection. */
      readonly detected: number;
      readonly meanDetectionSeconds: number;
      readonly maxDetectionSeconds: number;
      /** Filters: legitimate messages held back / judged. */
      readonly falsePositiveRate?: number;
      /** Spam: mean share of targets that saw spam. */
      readonly spamReach?: number;
      /** Sums of the attacker's own measured counters over seeds. */
      readonly detail: Readonly<Record<string, number>>;
      readonly digests: readonly string[];
    };

export interface AttackRow {
  readonly attack: string;
  readonly defense: string;
  readonly cells: Readonly<Partial<Record<ArchitectureName, AttackCell>>>;
}

export interface AttackMatrix {
  readonly kind: 'interop-sim/attacks';
  readonly scenario: string;
  readonly seeds: readonly string[];
  readonly architectures: readonly ArchitectureName[];
  readonly rows: readonly AttackRow[];
}

/** Folds the attack results of one case's runs (one per seed) into a cell. */
export function cellOf(runs: readonly { readonly digest: string; readonly attacks: readonly AttackResult[] }[]): AttackCell {
  const reports = runs.flatMap((r) => r.attacks);
  const sum = (f: (a: AttackResult) => number | undefined) => reports.reduce((n, a) => n + (f(a) ?? 0), 0);
  const attempts = sum((a) => a.attempts);
  const successes = sum((a) => a.successes);
  const times = reports.flatMap((a) => a.detections);
  const legit = sum((a) => a.legitimate);
  const reach = reports.filter((a) => a.reach !== undefined).map((a) => a.reach!);
  const detail: Record<string, number> = {};
  for (const a of reports) for (const [k, v] of Object.entries(a.detail ?? {})) detail[k] = (detail[k] ?? 0) + v;
  return {
    applicable: true,
    runs: runs.length,
    attempts,
    successes,
    successRate: attempts === 0 ? NaN : successes / attempts,
    exposedPerRun: sum((a) => a.exposed) / runs.length,
    forgedPerRun: sum((a) => a.forged) / runs.length,
    detected: times.length,
    meanDetectionSeconds: times.length === 0 ? NaN : times.reduce((x, y) => x + y, 0) / times.length,
    maxDetectionSeconds: times.length === 0 ? NaN : Math.max(...times),
    ...(reports.some((a) => a.legitimate !== undefined) && { falsePositiveRate: legit === 0 ? 0 : sum((a) => a.falsePositives) / legit }),
    ...(reach.length > 0 && { spamReach: reach.reduce((x, y) => x + y, 0) / reach.length }),
    detail,
    digests: runs.map((r) => r.digest),
  };
}
