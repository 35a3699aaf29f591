import type { Arrangement, PairArrangement, RunInfo } from '../trace/perPair/index.ts';
import { ARRANGEMENT_OF_ARCHITECTURE, type ArchitectureName } from '../interop/index.ts';
import type { WorldPlan } from './plan/worldPlan.ts';

/** The arrangement every pair of providers has under one of compare's six uniform architectures. */
export const ARRANGEMENT_OF: Readonly<Record<ArchitectureName, Arrangement>> = ARRANGEMENT_OF_ARCHITECTURE;

/**
 * What the per-pair labels read about a run's world, from the plan's one arrangement table: the
 * table's default for unlisted pairs, its listed pairs, and each provider's protocol. A uniform world
 * is just the defaults.
 */
export function runInfoOf(plan: Pick<WorldPlan, 'scenario' | 'arrangements'>): RunInfo {
  const table = plan.arrangements;
  const pairs: PairArrangement[] = [...table.pairs].map(([key, p]) => {
    const [a, b] = key.split('|') as [string, string];
    return { a, b, arrangement: p.kind };
  });
  const protocols = Object.fromEntries(table.protocols.map((p) => [p.provider as string, p.protocol]));
  return { defaultArrangement: table.fallback.kind, defaultProtocol: plan.scenario.protocol, ...(pairs.length > 0 && { pairs }), protocols };
}
