import { checkAttackerPlacement } from './attackers/placementChecks.ts';
import { abuseCrossCheck } from './attackers/abuseDefenses.ts';
import { keyCrossCheck } from './attackers/keySubstitution.ts';
import { deviceCompromiseCrossCheck } from './attackers/deviceCompromise.ts';
import { contentCrossCheck } from './contentSchema.ts';
import { clientApiCrossCheck } from './clientApiSchema.ts';
import { latencyChecks } from './latencyChecks.ts';
import { reservedNames } from './reservedNames.ts';
import type { Scenario } from './schema.ts';

/** Checks that span fields (names that must exist, ranges that must be ordered). One line per problem. */
export function crossCheck(s: Scenario): string[] {
  const problems: string[] = [];
  const known = new Map<string, string>();
  const declare = (id: string, where: string) => {
    const prior = known.get(id);
    if (prior !== undefined) problems.push(`${where}.id: "${id}" is already used by ${prior}`);
    else known.set(id, where);
  };
  s.providers.forEach((p, i) => declare(p.id, `providers[${i}]`));
  s.nodes.forEach((n, i) => declare(n.id, `nodes[${i}]`));
  const mustExist = (id: string, where: string) => {
    if (!known.has(id)) problems.push(`${where}: "${id}" names no provider or node`);
  };

  if (s.interop.gatekeeper !== undefined && !s.providers.some((p) => p.id === s.interop.gatekeeper))
    problems.push(`interop.gatekeeper: "${s.interop.gatekeeper}" names no provider`);
  const topo = s.network.topology;
  if (topo.kind === 'hub-and-spoke') mustExist(topo.hub, 'network.topology.hub');
  if (topo.kind === 'chain')
    topo.order.forEach((id, i) => {
      mustExist(id, `network.topology.order[${i}]`);
      const first = topo.order.indexOf(id);
      if (first < i) problems.push(`network.topology.order[${i}]: "${id}" is already at order[${first}]; a chain names each node once`);
    });
  if (topo.kind === 'explicit') {
    const seen = new Map<string, number>();
    topo.edges.forEach((e, i) => {
      mustExist(e.a, `network.topology.edges[${i}].a`);
      mustExist(e.b, `network.topology.edges[${i}].b`);
      if (e.a === e.b) problems.push(`network.topology.edges[${i}]: links "${e.a}" to itself`);
      // A link carries both directions: a-b and b-a are the same link.
      const key = e.a < e.b ? `${e.a}|${e.b}` : `${e.b}|${e.a}`;
      const prior = seen.get(key);
      if (prior !== undefined) problems.push(`network.topology.edges[${i}]: links ${e.a}-${e.b} again (edges[${prior}]); a link carries both directions`);
      else seen.set(key, i);
    });
  }
  problems.push(...reservedNames(s));
  problems.push(...latencyChecks(s));
  s.network.outages.forEach((o, i) => {
    const at = `network.outages[${i}]`;
    if (o.toSeconds <= o.fromSeconds) problems.push(`${at}.toSeconds: must be after fromSeconds (${o.fromSeconds}), got ${o.toSeconds}`);
    if (o.kind === 'link') (mustExist(o.a, `${at}.a`), mustExist(o.b, `${at}.b`));
    if (o.kind === 'node') mustExist(o.node, `${at}.node`);
    if (o.kind === 'partition') o.sides.forEach((side, j) => side.forEach((id, k) => mustExist(id, `${at}.sides[${j}][${k}]`)));
  });
  s.providers.forEach((p, i) => {
    if (typeof p.devicesPerUser === 'object' && p.devicesPerUser.max < p.devicesPerUser.min)
      problems.push(`providers[${i}].devicesPerUser.max: must be >= min (${p.devicesPerUser.min}), got ${p.devicesPerUser.max}`);
  });

  const w = s.workload;
  if (w.messageBytes.max < w.messageBytes.min) problems.push(`workload.messageBytes.max: must be >= min (${w.messageBytes.min}), got ${w.messageBytes.max}`);
  const size = w.groups.size;
  if (size.kind !== 'fixed' && size.max < size.min) problems.push(`workload.groups.size.max: must be >= min (${size.min}), got ${size.max}`);
  const users = s.providers.reduce((n, p) => n + p.users, 0);
  const biggest = size.kind === 'fixed' ? size.n : size.max;
  if (w.groups.count > 0 && biggest > users) problems.push(`workload.groups.size: groups of up to ${biggest} members need that many users, the scenario has ${users}`);
  if (w.oneToOne > 0 && users < 2) problems.push(`workload.oneToOne: 1:1 conversations need at least 2 users, the scenario has ${users}`);
  problems.push(...contentCrossCheck(s));
  problems.push(...abuseCrossCheck(s));
  problems.push(...keyCrossCheck(s));
  problems.push(...deviceCompromiseCrossCheck(s));
  problems.push(...checkAttackerPlacement(s));
  problems.push(...clientApiCrossCheck(s));
  return problems;
}
