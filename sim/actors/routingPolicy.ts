import type { NodeId } from '../core/index.ts';
import type { Header } from './protocol.ts';
import { groupOf } from './protocol.ts';
import { homeOfGroup } from './world.ts';

/**
 * How servers pass traffic between providers: the architecture's choice, as data.
 * - `direct`: the sender's server relays straight to the destination's (email-like federation).
 * - `via-group-home`: everything of a group goes through the server hosting it (a MIMI hub);
 *   followers talk only to the hub.
 * - `via-node`: every inter-provider envelope crosses one gateway (a bridge run by a gatekeeper).
 * - `per-pair`: a heterogeneous world (issue 17): each server pair by its arrangement's policy.
 */
export type RoutingPolicy =
  | { readonly kind: 'direct' }
  | { readonly kind: 'via-group-home' }
  | { readonly kind: 'via-node'; readonly node: NodeId }
  | { readonly kind: 'per-pair'; readonly pairs: ReadonlyMap<string, RoutingPolicy>; readonly fallback: RoutingPolicy; readonly providers: ReadonlySet<string>; readonly key: (a: string, b: string) => string };

/** The next application-level hop from server `at` toward server `target`. */
export function nextServerHop(policy: RoutingPolicy, at: NodeId, target: NodeId, header: Header): NodeId {
  switch (policy.kind) {
    case 'direct':
      return target;
    case 'via-group-home': {
      const group = groupOf(header);
      if (group === undefined) return target;
      const hub = homeOfGroup(group);
      return at === hub ? target : hub;
    }
    case 'via-node':
      return at === policy.node ? target : policy.node;
    case 'per-pair': {
      // Infrastructure (a gateway, a bridge's server) is no side of a pair: it passes traffic straight on.
      if (!policy.providers.has(at) || !policy.providers.has(target)) return target;
      return nextServerHop(policy.pairs.get(policy.key(at, target)) ?? policy.fallback, at, target, header);
    }
  }
}
