import type { NodeId } from '../../core/index.ts';
import { ARRANGEMENT_OF_ARCHITECTURE, pairKey, type ArchitectureName, type ArrangementTable, type PairArrangement, type ProviderProtocol } from '../../interop/index.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import type { PlanProblem } from './worldPlan.ts';

/** Arrangements that carry a conversation end to end on one protocol between the two providers' own clients. */
const SAME_PROTOCOL = new Set(['federated', 'hub']);

/** The gatekeeper of a scenario: the named one, else the provider with most users. */
export function gatekeeperOf(s: Scenario): NodeId {
  return (s.interop.gatekeeper ?? [...s.providers].sort((a, b) => b.users - a.users)[0]!.id) as NodeId;
}

/**
 * Compiles a scenario's interconnection into one arrangement table: the uniform table of
 * `architecture` (the option, or the scenario's when it lists no `arrangements`), or its per-pair
 * `arrangements`. Each problem names its field: a pair naming no provider or one provider twice, a
 * pair listed twice, offer fields on a pair that is no offer, and `federated` or `hub` between
 * providers that speak different protocols.
 */
export function planArrangements(s: Scenario, architecture: ArchitectureName | undefined): { table: ArrangementTable; problems: PlanProblem[] } {
  const protocols = s.providers.map((p) => ({ provider: p.id as NodeId, protocol: (p.protocol ?? s.protocol) as ProviderProtocol }));
  const gatekeeper = gatekeeperOf(s);
  const world = architecture === undefined ? s.arrangements : undefined;
  if (world === undefined) {
    const arch = architecture ?? s.architecture;
    const kind = ARRANGEMENT_OF_ARCHITECTURE[arch];
    const fallback: PairArrangement = kind === 'bridge-e2ee' ? { kind, offeredBy: gatekeeper } : { kind };
    const table: ArrangementTable = { uniform: arch, protocols, fallback, pairs: new Map() };
    return { table, problems: protocolProblems(table, 'architecture', undefined) };
  }
  const problems: PlanProblem[] = [];
  const ids = new Set(protocols.map((p) => p.provider as string));
  const pairs = new Map<string, PairArrangement>();
  const seen = new Map<string, number>();
  world.pairs.forEach((p, i) => {
    const at = `arrangements.pairs[${i}]`;
    const [a, b] = p.between;
    let ok = true;
    p.between.forEach((id, k) => {
      if (!ids.has(id)) (problems.push({ path: `${at}.between[${k}]`, message: `"${id}" names no provider` }), (ok = false));
    });
    if (a === b) (problems.push({ path: `${at}.between`, message: `pairs "${a}" with itself; an arrangement is between two providers` }), (ok = false));
    const key = pairKey(a, b);
    const prior = seen.get(key);
    if (prior !== undefined) (problems.push({ path: `${at}.between`, message: `the pair ${a}-${b} is already arranged at arrangements.pairs[${prior}]` }), (ok = false));
    seen.set(key, i);
    if (p.kind !== 'bridge-e2ee') {
      if (p.offeredBy !== undefined) problems.push({ path: `${at}.offeredBy`, message: `only a bridge-e2ee pair is an offer (this one is ${p.kind})` });
      if (p.limits !== undefined) problems.push({ path: `${at}.limits`, message: `only a bridge-e2ee pair has offer limits (this one is ${p.kind})` });
    } else if (p.offeredBy !== undefined && p.offeredBy !== a && p.offeredBy !== b) {
      problems.push({ path: `${at}.offeredBy`, message: `"${p.offeredBy}" is not one of the pair (${a}, ${b})` });
      ok = false;
    }
    if (!ok) return;
    const limits = p.limits && { optInShare: p.limits.optInShare, groupsAfterSeconds: p.limits.groupsAfterSeconds, disappearingTimers: p.limits.disappearingTimers };
    pairs.set(key, p.kind === 'bridge-e2ee' ? { kind: p.kind, offeredBy: (p.offeredBy ?? a) as NodeId, ...(limits !== undefined && { limits }) } : { kind: p.kind });
  });
  const fallback: PairArrangement = world.default === 'bridge-e2ee' ? { kind: world.default, offeredBy: gatekeeper } : { kind: world.default };
  const table: ArrangementTable = { uniform: undefined, protocols, fallback, pairs };
  problems.push(...protocolProblems(table, 'arrangements', world.pairs.map((p) => pairKey(p.between[0], p.between[1]))));
  return { table, problems };
}

/** `federated` and `hub` carry one protocol end to end: both sides must speak it. */
function protocolProblems(table: ArrangementTable, root: string, listed: readonly string[] | undefined): PlanProblem[] {
  const out: PlanProblem[] = [];
  const reported = new Set<string>();
  const ps = table.protocols;
  for (let i = 0; i < ps.length; i++)
    for (let j = i + 1; j < ps.length; j++) {
      const a = ps[i]!, b = ps[j]!;
      if (a.protocol === b.protocol) continue;
      const key = pairKey(a.provider, b.provider);
      const arr = table.pairs.get(key) ?? table.fallback;
      if (!SAME_PROTOCOL.has(arr.kind)) continue;
      const index = listed?.indexOf(key) ?? -1;
      const path = root === 'architecture' ? 'architecture' : index >= 0 ? `arrangements.pairs[${index}].kind` : 'arrangements.default';
      if (reported.has(path)) continue;
      reported.add(path);
      const where = index >= 0 || root === 'architecture' ? '' : ` (the pair ${a.provider}-${b.provider} is not listed)`;
      out.push({ path, message: `${arr.kind} needs one protocol on both sides, but ${a.provider} speaks ${a.protocol} and ${b.provider} speaks ${b.protocol}${where}` });
    }
  return out;
}
