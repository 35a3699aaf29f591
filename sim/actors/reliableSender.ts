import { millis, type NodeId } from '../core/index.ts';
import type { DropReason, PayloadKind } from '../trace/index.ts';
import type { MessageId } from '../core/index.ts';
import type { Envelope } from '../net/index.ts';
import { headerBytes, type Header } from './protocol.ts';
import type { World } from './world.ts';

export interface ReliableOptions {
  /** Retransmissions after a loss before giving up (a transport such as TCP or QUIC retries). */
  readonly maxRetries: number;
  /** Wait before each retransmission. */
  readonly retryAfterMs: number;
}

const RETRYABLE = new Set<DropReason>(['loss', 'link-down', 'node-down', 'queue-full']);

export const DEFAULT_RELIABILITY: ReliableOptions = { maxRetries: 3, retryAfterMs: 200 };

/**
 * Sends with retransmission on loss: a lost envelope is sent again after a timeout, up to a limit;
 * only then is the caller told it was dropped. Each try is its own envelope in the trace.
 */
export function sendReliably(
  world: World,
  from: NodeId,
  to: NodeId,
  kind: PayloadKind,
  header: Header,
  payload: Uint8Array,
  onGiveUp: (reason: DropReason) => void,
  options: ReliableOptions = DEFAULT_RELIABILITY,
  msg?: MessageId,
): void {
  const hb = headerBytes(header);
  const attempt = (tries: number): void => {
    world.net.send({
      from,
      to,
      kind,
      payload,
      header,
      headerBytes: hb,
      ...(msg !== undefined && { msg }),
      onDrop: (_env: Envelope, reason: DropReason) => {
        // Retransmit as a transport would; a missing route or receiver will not heal, so give up on those.
        if (RETRYABLE.has(reason) && tries < options.maxRetries) world.sim.schedule(millis(options.retryAfterMs), () => attempt(tries + 1));
        else onGiveUp(reason);
      },
    });
  };
  attempt(0);
}
