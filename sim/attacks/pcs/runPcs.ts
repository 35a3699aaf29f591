import { estimate } from '../../compare/confidence.ts';
import { replicationSeeds } from '../../compare/runCompare.ts';
import { runLocalCells, type CellRunner } from '../../cells/index.ts';
import type { RunResult } from '../../runner/runResult.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import { deviceCompromiseSchema } from '../../../scenarios/attackers/deviceCompromise.ts';
import type { PcsPolicy } from './pcsPolicies.ts';
import { PCS_METRICS, pcsMetricsOf, type PcsMetric, type PcsRow, type PcsStudy } from './pcsStudy.ts';

export interface PcsOptions {
  readonly policies: readonly PcsPolicy[];
  readonly seeds: number;
  readonly atSeconds: number;
  readonly victims: number;
  readonly baseSeed?: string;
  readonly workers?: number;
  readonly onRunDone?: (done: number, total: number) => void;
  /** What runs the cells (default: the local cell pool). */
  readonly runCells?: CellRunner;
}

/** The scenario one policy runs: the base under that policy, plus the thief (federated, so both protocols run it). */
export function pcsScenario(base: Scenario, policy: PcsPolicy, atSeconds: number, victims: number): Scenario {
  const s = policy.apply(base);
  return { ...s, attackers: [...s.attackers, deviceCompromiseSchema.parse({ kind: 'device-compromise', atSeconds, victims })] };
}

/**
 * Post-compromise security over seeds (issue 16): every policy runs the base scenario under each seed
 * with a `device-compromise` attacker (ordinary runs on the local cell pool `compare` uses), and each
 * measured quantity becomes a mean with a 95% interval over seeds.
 */
export async function runPcs(base: Scenario, options: PcsOptions): Promise<PcsStudy> {
  const seeds = replicationSeeds(options.baseSeed ?? String(base.seed), options.seeds);
  const jobs = options.policies.flatMap((policy, row) => seeds.map((seed) => ({ row, seed, scenario: pcsScenario(base, policy, options.atSeconds, options.victims) })));
  const runs = await (options.runCells ?? runLocalCells)(
    jobs.map(({ seed, scenario }) => ({ scenario, architecture: 'federated-mls' as const, seed })),
    { ...(options.workers !== undefined && { workers: options.workers }), onCellDone: (done, total) => options.onRunDone?.(done, total) },
  );
  // Each policy's runs, in seed order (the cells' order).
  const results = new Map<number, RunResult[]>();
  jobs.forEach(({ row }, i) => results.set(row, [...(results.get(row) ?? []), runs[i]!]));
  const rows: PcsRow[] = options.policies.map((policy, row) => {
    const runs = results.get(row) ?? [];
    const per = runs.map((r) => pcsMetricsOf(r.attacks.find((a) => a.kind === 'device-compromise')));
    const metrics = Object.fromEntries(PCS_METRICS.map((m) => [m, estimate(per.map((p) => p[m]))])) as Record<PcsMetric, ReturnType<typeof estimate>>;
    return {
      protocol: policy.protocol,
      policy: policy.policy,
      runs: runs.length,
      conversations: per.reduce((n, p) => n + p.conversations, 0),
      laterMessages: per.reduce((n, p) => n + p.laterMessages, 0),
      metrics,
      digests: runs.map((r) => r.digest),
    };
  });
  return { kind: 'interop-sim/pcs', scenario: base.name, seeds, atSeconds: options.atSeconds, victims: options.victims, durationSeconds: base.durationSeconds, rows };
}
