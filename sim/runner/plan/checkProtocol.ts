import { ARCHITECTURE_NAMES, type ArchitectureName } from '../../interop/architecture.ts';
import type { ArrangementTable } from '../../interop/index.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import { planArrangements } from './planArrangements.ts';
import type { PlanProblem } from './worldPlan.ts';

/**
 * Architectures whose MLS-specific parts have no Signal counterpart here, with the reason. None today:
 * the re-encrypting bridge speaks both protocols (a Signal member of each per-provider Signal group).
 */
const MLS_ONLY_ARCHITECTURES: Partial<Record<ArchitectureName, string>> = {};

/** Attackers that act on MLS state (KeyPackages, leaves, suites) and have no Signal counterpart yet. */
const SIGNAL_ATTACKERS = new Set(['metadata-observer', 'network-adversary', 'malicious-provider', 'device-compromise', 'key-substituting-directory']);

/**
 * What the Signal protocol (issue 16) cannot run, by field path; nothing when every provider speaks
 * MLS. In a world (issue 17) the checks apply where Signal is spoken: client versions of a provider
 * on Signal, roster checks and MLS-state attackers as soon as one provider speaks it.
 */
export function checkProtocol(s: Scenario, world: ArchitectureName | ArrangementTable): PlanProblem[] {
  const table = typeof world === 'string' ? planArrangements(s, world).table : world;
  const signalAt = new Set(table.protocols.filter((p) => p.protocol === 'signal').map((p) => p.provider as string));
  if (signalAt.size === 0) return [];
  const problems: PlanProblem[] = [];
  const arch = table.uniform === undefined ? undefined : MLS_ONLY_ARCHITECTURES[table.uniform];
  if (arch !== undefined) problems.push({ path: 'protocol', message: `signal cannot run under architecture ${table.uniform}: ${arch}` });
  // A Signal client's capabilities are its profile, as its provider lists them (no leaves); what
  // changes MLS leaves or suites has no Signal counterpart.
  for (const [id, c] of Object.entries(s.content.clients)) {
    if (!signalAt.has(id)) continue;
    if (!c.mls) problems.push({ path: `content.clients.${id}.mls`, message: `${id} speaks signal; a client without E2EE (SMS-only) is modelled on an MLS provider` });
    if (c.upgrades.length > 0) problems.push({ path: `content.clients.${id}.upgrades`, message: 'client upgrades are advertised in MLS leaves; not available under protocol: signal' });
  }
  if (s.defenses.rosterChecks !== undefined)
    problems.push({ path: 'defenses.rosterChecks', message: 'roster checks compare MLS group rosters with device lists; not available under protocol: signal' });
  if (s.workload.lostState !== undefined)
    problems.push({ path: 'workload.lostState', message: 'devices rejoin by an MLS external commit (resync); not available under protocol: signal' });
  s.attackers.forEach((a, i) => {
    if (!SIGNAL_ATTACKERS.has(a.kind)) problems.push({ path: `attackers[${i}].kind`, message: `${a.kind} acts on MLS state and is not available under protocol: signal` });
  });
  return problems;
}

/** The architectures a protocol can run (what `compare` runs when none are named). */
export function architecturesFor(protocol: 'mls' | 'signal'): ArchitectureName[] {
  return ARCHITECTURE_NAMES.filter((a) => protocol === 'mls' || MLS_ONLY_ARCHITECTURES[a] === undefined);
}
