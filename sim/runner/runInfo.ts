import type { Arrangement, RunInfo } from '../trace/perPair/index.ts';
import type { ArchitectureName } from '../interop/index.ts';
import type { WorldPlan } from './plan/worldPlan.ts';

/** The arrangement every pair of providers has under one of compare's six uniform architectures. */
export const ARRANGEMENT_OF: Readonly<Record<ArchitectureName, Arrangement>> = {
  silo: 'none',
  'client-api': 'client-api',
  'bridge-reencrypt': 'bridge-reencrypt',
  'bridge-e2ee': 'bridge-e2ee',
  'federated-mls': 'federated',
  'mimi-hub': 'hub',
};

/**
 * What the per-pair labels read about a run's world. Today every world is uniform: the run's
 * architecture for every pair, its protocol for every provider. A world with an arrangement table
 * fills `pairs` and `protocols` here, and nothing downstream changes.
 */
export function runInfoOf(plan: Pick<WorldPlan, 'scenario' | 'architecture'>): RunInfo {
  return { defaultArrangement: ARRANGEMENT_OF[plan.architecture.name], defaultProtocol: plan.scenario.protocol };
}
