import type { Scenario } from '../schema.ts';

/** Provider, link, bridge and metadata attackers must name nodes the run has. One line per problem. */
export function checkAttackerPlacement(s: Scenario): string[] {
  const problems: string[] = [];
  const providers = new Set(s.providers.map((p) => p.id));
  const nodes = new Set([...providers, ...s.nodes.map((n) => n.id), s.interop.bridgeNode, s.interop.discoveryNode]);
  s.attackers.forEach((a, i) => {
    const at = `attackers[${i}]`;
    if (a.kind === 'malicious-provider' && !providers.has(a.provider)) problems.push(`${at}.provider: "${a.provider}" names no provider`);
    if (a.kind === 'metadata-observer' && !nodes.has(a.at)) problems.push(`${at}.at: "${a.at}" names no provider or node`);
    if (a.kind === 'network-adversary') {
      for (const end of ['a', 'b'] as const) if (!nodes.has(a[end])) problems.push(`${at}.${end}: "${a[end]}" names no provider or node`);
      if (a.a === a.b) problems.push(`${at}.b: the link's ends must differ, both are "${a.a}"`);
    }
  });
  const d = s.defenses;
  for (const name of ['rosterChecks', 'linkEncryption', 'sealedSender', 'contentSignatures'] as const)
    d[name]?.providers?.forEach((p, j) => {
      if (!providers.has(p)) problems.push(`defenses.${name}.providers[${j}]: "${p}" names no provider`);
    });
  return problems;
}
