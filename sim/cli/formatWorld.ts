import type { ArrangementSummary } from '../runner/arrangementTable.ts';

/**
 * The world a run ran in, when it is not the uniform world of its architecture: the protocol of each
 * provider, then each provider pair's arrangement (offers with their limits). Empty for a uniform world.
 */
export function formatWorld(a: ArrangementSummary | undefined): string[] {
  if (a === undefined || a.uniform !== undefined) return [];
  const protocols = Object.entries(a.protocols).map(([p, proto]) => `${p} ${proto}`).join(', ');
  const pairs = a.pairs.map((p) => {
    const offer = p.offeredBy === undefined ? '' : ` offered by ${p.offeredBy}`;
    const l = p.limits;
    const limits = l === undefined ? '' : ` (opt-in ${Math.round(l.optInShare * 100)}%, groups ${l.groupsAfterSeconds === undefined ? 'never' : `from ${l.groupsAfterSeconds} s`}, timers ${l.disappearingTimers ? 'yes' : 'no'})`;
    return `  ${p.between[0]}-${p.between[1]}: ${p.kind}${offer}${limits}`;
  });
  return [`world        protocols: ${protocols}; pairs not listed: ${a.default}`, ...pairs];
}

/** The protocol label of the crypto line: what the run's providers speak. */
export function protocolLabel(a: ArrangementSummary | undefined): 'MLS' | 'Signal' | 'MLS + Signal' {
  const used = new Set(Object.values(a?.protocols ?? {}));
  return used.has('signal') ? (used.has('mls') ? 'MLS + Signal' : 'Signal') : 'MLS';
}
