import { RandomStreams, type NodeId } from '../../core/index.ts';
import { ARCHITECTURES, type ArchitectureName } from '../../interop/index.ts';
import { needsOf } from '../../interop/worldRules.ts';
import { planArrangements } from './planArrangements.ts';
import { loadEngine } from '../../mls/loadEngine.ts';
import type { MlsEngine } from '../../mls/engine.ts';
import { planConversations } from '../../workload/conversations.ts';
import { planPopulation } from '../../workload/population.ts';
import { crossCheck } from '../../../scenarios/crossChecks.ts';
import { ScenarioError } from '../../../scenarios/scenarioError.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import { checkNames } from './checkNames.ts';
import { checkReferences } from './checkReferences.ts';
import { checkSuites } from './checkSuites.ts';
import { checkProtocol } from './checkProtocol.ts';
import { DEFAULT_MAX_EVENTS, estimateProblems, estimateRun, preflightProblems } from './estimate.ts';
import { planNetwork } from './planNetwork.ts';
import { problemLine, problemOf, type PlanProblem, type PlanResult } from './worldPlan.ts';

export interface PlanOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string;
  /** Overrides the scenario's architecture. */
  readonly architecture?: ArchitectureName;
  /** Refuse runs estimated above this many events (default DEFAULT_MAX_EVENTS). */
  readonly maxEvents?: number;
}

/**
 * Compiles a scenario into the plan of a world, resolving every reference (providers, nodes, links,
 * ciphersuites, the MLS engine, attackers' targets) and trying the network on a scratch copy, without
 * running anything. Every problem is reported, by field path; `validate` and `run` both go through
 * here, so a scenario that validates is one that runs.
 */
export async function planScenario(s: Scenario, options: PlanOptions = {}): Promise<PlanResult> {
  const rejected = (problems: readonly PlanProblem[]): PlanResult => ({ kind: 'rejected', problems });
  // What the loader checks, again: callers may have changed a loaded scenario (compare, attacks).
  const cross = crossCheck(s).map(problemOf);
  if (cross.length > 0) return rejected(cross);
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const preflight = preflightProblems(s, maxEvents);
  if (preflight.length > 0) return rejected(preflight);

  const problems: PlanProblem[] = [...checkNames(s)];
  const { table: arrangements, problems: arrangementProblems } = planArrangements(s, options.architecture);
  problems.push(...arrangementProblems);
  const arch = ARCHITECTURES[arrangements.uniform ?? s.architecture];
  problems.push(...checkProtocol(s, arrangements));
  let engine: MlsEngine | undefined;
  try {
    // MLS_CRYPTO=stock runs a whole test suite on ts-mls's own provider (`npm run test:stock`).
    engine = await loadEngine(s.mls.engine, { crypto: process.env.MLS_CRYPTO === 'stock' ? 'stock' : s.mls.crypto });
    problems.push(...checkSuites(s, engine));
  } catch (e) {
    // A plug-in engine that does not load or is no MlsEngine: its message names engine.module.
    const line = (e as Error).message.split('\n')[0]!;
    problems.push(line.startsWith('engine.') ? { path: `mls.${line.slice(0, line.indexOf(': '))}`, message: line.slice(line.indexOf(': ') + 2) } : { path: 'mls.engine', message: line });
  }
  const enginesAt = new Map<NodeId, MlsEngine>();
  for (const [i, p] of s.providers.entries()) {
    if (p.mlsEngine === undefined) continue;
    if ((p.protocol ?? s.protocol) === 'signal') {
      problems.push({ path: `providers[${i}].mlsEngine`, message: `${p.id} speaks signal; an MLS engine is for a provider on mls` });
      continue;
    }
    try {
      enginesAt.set(p.id as NodeId, await loadEngine(p.mlsEngine.engine ?? s.mls.engine, { crypto: p.mlsEngine.crypto ?? s.mls.crypto }));
    } catch (e) {
      const line = (e as Error).message.split('\n')[0]!;
      problems.push({ path: `providers[${i}].mlsEngine.engine`, message: line.startsWith('engine.') ? line.slice(line.indexOf(': ') + 2) : line });
    }
  }
  const { network, problems: netProblems } = planNetwork(s, needsOf(arrangements));
  problems.push(...netProblems);
  const seed = options.seed ?? String(s.seed);
  // Draws of these two named streams only; the built world's own streams of the same seed never draw them again.
  const streams = new RandomStreams(seed);
  const users = planPopulation(s, streams);
  problems.push(...checkReferences(s, arch, network, users));
  if (problems.length > 0 || engine === undefined) return rejected(problems);

  const conversations = planConversations(s, users, streams.stream('workload/conversations'));
  const estimate = estimateRun(s, users, conversations, arch.name);
  const tooBig = estimateProblems(estimate, maxEvents);
  if (tooBig.length > 0) return rejected(tooBig);
  return { kind: 'planned', plan: { scenario: s, architecture: arch, arrangements, seed, engine, enginesAt, network, users, conversations, estimate } };
}

/** The plan, or a ScenarioError naming `source` (the file) with one line per problem. */
export async function planOrThrow(s: Scenario, options: PlanOptions & { readonly source?: string } = {}) {
  const r = await planScenario(s, options);
  if (r.kind === 'rejected') throw new ScenarioError(options.source ?? `scenario ${s.name}`, r.problems.map(problemLine));
  return r.plan;
}

/**
 * Plans `s` under each architecture (what `compare` and `attacks` run), before any worker starts:
 * every problem once, those that depend on the architecture saying which.
 */
export async function planEachOrThrow(s: Scenario, architectures: readonly ArchitectureName[], options: Omit<PlanOptions, 'architecture'> & { readonly source?: string } = {}): Promise<void> {
  const lines = new Set<string>();
  for (const architecture of architectures) {
    const r = await planScenario(s, { ...options, architecture });
    if (r.kind === 'rejected') for (const p of r.problems) lines.add(problemLine(p));
  }
  if (lines.size > 0) throw new ScenarioError(options.source ?? `scenario ${s.name}`, [...lines]);
}
