import type { EnvelopeId, MessageId, NodeId } from '../core/index.ts';
import type { PayloadKind } from '../trace/index.ts';

/**
 * What crosses the simulated network: real bytes (an MLS wire message, a key package, a cleartext
 * fallback) from one node to another. `header` is the routing information an application-level relay
 * reads (group, recipients); its size is part of `bytes` only if the sender serialized it there.
 */
export interface Envelope<H = unknown> {
  readonly id: EnvelopeId;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: PayloadKind;
  readonly payload: Uint8Array;
  readonly msg?: MessageId;
  readonly header?: H;
}

/** Bytes an envelope occupies on a link: its payload plus the network's per-envelope framing. */
export const wireSize = (env: Envelope, framingBytes: number): number => env.payload.length + framingBytes;
