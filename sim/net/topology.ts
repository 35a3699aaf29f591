import type { NodeId } from '../core/index.ts';
import type { LinkParams, LinkSpec } from './spec.ts';

/** Every pair of servers directly linked: email-like federation. */
export function fullMesh(nodes: readonly NodeId[], params: LinkParams): LinkSpec[] {
  const out: LinkSpec[] = [];
  for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) out.push({ a: nodes[i]!, b: nodes[j]!, ...params });
  return out;
}

/** Every spoke linked only to the hub (a MIMI hub, a central bridge). */
export function hubAndSpoke(hub: NodeId, spokes: readonly NodeId[], params: LinkParams): LinkSpec[] {
  return spokes.filter((s) => s !== hub).map((s) => ({ a: hub, b: s, ...params }));
}

/** Consecutive nodes linked in order: `[provA, gateway, provB]` puts the gateway on the only path. */
export function chain(nodes: readonly NodeId[], params: LinkParams): LinkSpec[] {
  return nodes.slice(1).map((b, i) => ({ a: nodes[i]!, b, ...params }));
}

/** Clients hang off their provider by an access link each. */
export function accessLinks(provider: NodeId, clients: readonly NodeId[], params: LinkParams): LinkSpec[] {
  return clients.map((c) => ({ a: c, b: provider, ...params }));
}
