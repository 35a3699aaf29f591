import type { NodeId } from '../../core/index.ts';
import { linkKey } from '../../net/index.ts';
import type { Architecture } from '../../interop/index.ts';
import type { UserPlan } from '../../workload/population.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import type { NetworkPlan, PlanProblem } from './worldPlan.ts';

/**
 * What attackers and outages name must exist in the world this architecture builds: the node an
 * observer watches, the link an adversary sits on or an outage cuts, the accounts targeted.
 */
export function checkReferences(s: Scenario, arch: Architecture, network: NetworkPlan, users: readonly UserPlan[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const nodes = new Set<string>(network.nodes.map((n) => n.id));
  const links = new Set(network.links.map((l) => linkKey(l.a, l.b)));
  const providers = new Set(s.providers.map((p) => p.id));
  const accounts = new Set<string>(users.map((u) => u.id));
  const under = `under ${arch.name}`;
  const nodeList = () => [...nodes].slice(0, 12).join(', ') + (nodes.size > 12 ? ', ...' : '');
  const node = (id: string, path: string) => {
    if (!nodes.has(id)) problems.push({ path, message: `"${id}" is no node of the network ${under} (nodes: ${nodeList()})` });
  };
  const link = (a: string, b: string, path: string) => {
    if (nodes.has(a) && nodes.has(b) && a !== b && !links.has(linkKey(a as NodeId, b as NodeId))) problems.push({ path, message: `no link ${a}-${b} in the network ${under}` });
  };
  const account = (u: string, path: string) => {
    if (!accounts.has(u)) {
      const p = s.providers.find((x) => u.endsWith(`@${x.id}`));
      problems.push({ path, message: `"${u}" is no user of the scenario${p ? ` (${p.id} has u0 to u${p.users - 1})` : ''}` });
    }
  };
  s.attackers.forEach((a, i) => {
    const at = `attackers[${i}]`;
    switch (a.kind) {
      case 'metadata-observer':
        return node(a.at, `${at}.at`);
      case 'network-adversary':
        node(a.a, `${at}.a`);
        node(a.b, `${at}.b`);
        return link(a.a, a.b, at);
      case 'downgrade':
        if (!providers.has(a.provider)) problems.push({ path: `${at}.provider`, message: `"${a.provider}" names no provider` });
        return;
      case 'key-substituting-directory':
        return a.users?.forEach((u, j) => account(u, `${at}.users[${j}]`));
      case 'impersonator':
        if (a.target !== undefined) account(a.target, `${at}.target`);
        return a.providers?.forEach((p, j) => {
          if (!providers.has(p)) problems.push({ path: `${at}.providers[${j}]`, message: `"${p}" names no provider` });
        });
      case 'device-compromise': // checked with the scenario (deviceCompromiseCrossCheck)
      case 'malicious-provider':
      case 'bridge-operator':
      case 'spammer':
      case 'non-compliant-client':
        return;
      default: {
        const never: never = a;
        throw new Error(`unknown attacker ${JSON.stringify(never)}`);
      }
    }
  });
  s.network.outages.forEach((o, i) => {
    if (o.kind === 'link') link(o.a, o.b, `network.outages[${i}]`);
  });
  return problems;
}
