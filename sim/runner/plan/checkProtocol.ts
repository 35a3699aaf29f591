import { ARCHITECTURE_NAMES, type ArchitectureName } from '../../interop/architecture.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import type { PlanProblem } from './worldPlan.ts';

/** Architectures whose MLS-specific parts have no Signal counterpart here, with the reason. */
const MLS_ONLY_ARCHITECTURES: Partial<Record<ArchitectureName, string>> = {
  'bridge-reencrypt': 'its bridge is an MLS member of every per-provider group that re-encrypts; there is no Signal bridge device',
};

/** Attackers that act on MLS state (KeyPackages, leaves, suites) and have no Signal counterpart yet. */
const SIGNAL_ATTACKERS = new Set(['metadata-observer', 'network-adversary', 'malicious-provider', 'device-compromise', 'key-substituting-directory']);

/** What `protocol: signal` (issue 16) cannot run, by field path; nothing under `protocol: mls`. */
export function checkProtocol(s: Scenario, architecture: ArchitectureName): PlanProblem[] {
  if (s.protocol !== 'signal') return [];
  const problems: PlanProblem[] = [];
  const arch = MLS_ONLY_ARCHITECTURES[architecture];
  if (arch !== undefined) problems.push({ path: 'protocol', message: `signal cannot run under architecture ${architecture}: ${arch}` });
  for (const id of Object.keys(s.content.clients))
    problems.push({ path: `content.clients.${id}`, message: 'client versions, capabilities and upgrades are MLS leaf contents; not available under protocol: signal' });
  if (s.defenses.rosterChecks !== undefined)
    problems.push({ path: 'defenses.rosterChecks', message: 'roster checks compare MLS group rosters with device lists; not available under protocol: signal' });
  s.attackers.forEach((a, i) => {
    if (!SIGNAL_ATTACKERS.has(a.kind)) problems.push({ path: `attackers[${i}].kind`, message: `${a.kind} acts on MLS state and is not available under protocol: signal` });
  });
  return problems;
}

/** The architectures a protocol can run (what `compare` runs when none are named). */
export function architecturesFor(protocol: 'mls' | 'signal'): ArchitectureName[] {
  return ARCHITECTURE_NAMES.filter((a) => protocol === 'mls' || MLS_ONLY_ARCHITECTURES[a] === undefined);
}
