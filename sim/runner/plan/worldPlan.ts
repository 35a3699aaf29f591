import type { NodeId } from '../../core/index.ts';
import type { LinkSpec, NodeSpec, OutageSpec } from '../../net/index.ts';
import type { Architecture, ArrangementTable } from '../../interop/index.ts';
import type { MlsEngine } from '../../mls/engine.ts';
import type { ConversationPlan } from '../../workload/conversations.ts';
import type { UserPlan } from '../../workload/population.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import type { RunEstimate } from './estimate.ts';

/** One thing wrong with a scenario: the field it is about and what is wrong, for one line of output. */
export interface PlanProblem {
  readonly path: string;
  readonly message: string;
}

/** The servers and links of a run (devices join with their users when the world is built). */
export interface NetworkPlan {
  /** Providers, declared nodes, then the infrastructure the architecture adds, in that order. */
  readonly nodes: readonly NodeSpec[];
  /** The topology's links, then the added infrastructure's. */
  readonly links: readonly LinkSpec[];
  readonly outages: readonly OutageSpec[];
  /** The bridge or discovery node the architecture uses (declared by the scenario or added). */
  readonly infra: { readonly bridge?: NodeId; readonly discovery?: NodeId };
}

/**
 * A scenario compiled for one architecture and seed, every reference resolved: what `build` turns into
 * a live world. Values only (and the loaded MLS engine); building twice from one plan gives the same world.
 */
export interface WorldPlan {
  readonly scenario: Scenario;
  /** The architecture the run is named after (a world's `architecture` field names its compare baseline only). */
  readonly architecture: Architecture;
  /** Protocol per provider and arrangement per provider pair: what placement, routing and population consult. */
  readonly arrangements: ArrangementTable;
  readonly seed: string;
  readonly engine: MlsEngine;
  /** Providers whose clients run another MLS engine than `engine` (providers[i].mlsEngine). */
  readonly enginesAt: ReadonlyMap<NodeId, MlsEngine>;
  readonly network: NetworkPlan;
  readonly users: readonly UserPlan[];
  /** The conversations open at the start (the workload draws later ones as it runs). */
  readonly conversations: readonly ConversationPlan[];
  readonly estimate: RunEstimate;
}

export type PlanResult = { readonly kind: 'planned'; readonly plan: WorldPlan } | { readonly kind: 'rejected'; readonly problems: readonly PlanProblem[] };

/** `providers[2].id: what is wrong`, as the CLI prints it. */
export const problemLine = (p: PlanProblem): string => `${p.path}: ${p.message}`;

/** Splits a checker's `path: message` line into a problem. */
export function problemOf(line: string): PlanProblem {
  const i = line.indexOf(': ');
  return i < 0 ? { path: '(scenario)', message: line } : { path: line.slice(0, i), message: line.slice(i + 2) };
}
