import type { NodeId } from '../core/index.ts';
import type { LatencyModel } from './latency.ts';

/** What a node is, for topology views and reports; the network treats every kind alike. */
export type NodeKind = 'provider' | 'client' | 'bridge' | 'hub' | 'discovery' | 'gateway' | 'attacker' | 'router';

export interface NodeSpec {
  readonly id: NodeId;
  readonly kind: NodeKind;
  /** Time to process one envelope at this node (its FIFO queue's service time), in microseconds. */
  readonly serviceMicros?: number;
  /** Envelopes waiting beyond this are dropped with `queue-full`; unbounded if absent. */
  readonly queueLimit?: number;
  /**
   * `false`: an endpoint only, never a hop on another pair's route (a discovery service linked to every
   * provider answers lookups but must not join providers the topology keeps apart). Default true.
   */
  readonly transit?: boolean;
}

/** Per-link parameters; a link is bidirectional, each direction with its own transmit queue. */
export interface LinkParams {
  readonly latency: LatencyModel;
  readonly jitterMs?: number;
  /** Probability that one envelope is lost on one traversal. */
  readonly loss?: number;
  /** Serialization rate; absent means infinitely fast. */
  readonly bandwidthMbps?: number;
}

export interface LinkSpec extends LinkParams {
  readonly a: NodeId;
  readonly b: NodeId;
}

/** A time window, in microseconds of virtual time, [from, to). */
export interface Window {
  readonly from: number;
  readonly to: number;
}

export type OutageSpec =
  | ({ readonly kind: 'link'; readonly a: NodeId; readonly b: NodeId } & Window)
  | ({ readonly kind: 'node'; readonly node: NodeId } & Window)
  /** Links between nodes of different sides are down during the window. */
  | ({ readonly kind: 'partition'; readonly sides: readonly (readonly NodeId[])[] } & Window);

export const linkKey = (a: NodeId, b: NodeId): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
