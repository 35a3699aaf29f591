import type { Scenario } from './schema.ts';

type Latency = Scenario['network']['access']['latency'];

/** Latency models whose parameters contradict each other (a uniform range with min above max). */
export function latencyChecks(s: Scenario): string[] {
  const problems: string[] = [];
  const check = (l: Latency | undefined, at: string) => {
    if (l?.kind === 'uniform' && l.maxMs < l.minMs) problems.push(`${at}.maxMs: must be >= minMs (${l.minMs}), got ${l.maxMs}`);
  };
  check(s.network.interProvider.latency, 'network.interProvider.latency');
  check(s.network.access.latency, 'network.access.latency');
  const topo = s.network.topology;
  if (topo.kind === 'explicit') topo.edges.forEach((e, i) => check(e.latency, `network.topology.edges[${i}].latency`));
  return problems;
}
