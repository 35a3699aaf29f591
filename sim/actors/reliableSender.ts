import { millis, type NodeId } from '../core/index.ts';
import type { DropReason, PayloadKind } from '../trace/index.ts';
import type { MessageId } from '../core/index.ts';
import type { DropHandler, Envelope, SendRequest } from '../net/index.ts';
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
  /** `headerBytes(header)`, when the caller already knows it (a fan-out's copies differ in one field). */
  headerSize?: number,
): void {
  const r = new Reliable(world, from, to, kind, header, payload, headerSize ?? headerBytes(header), msg, onGiveUp, options);
  world.net.send(r);
}

/**
 * One reliable send, which is also its own network request (the network reads a request's fields when
 * it is sent and keeps only its drop handler), sent again as it is on a retry: one object and one
 * closure per send, not a request, a state and a handler per attempt.
 */
class Reliable implements SendRequest<Header> {
  /** Retransmissions so far: the attempt in flight (one at a time: a retry is sent after its drop). */
  tries = 0;
  readonly onDrop: DropHandler;

  constructor(
    readonly world: World,
    readonly from: NodeId,
    readonly to: NodeId,
    readonly kind: PayloadKind,
    readonly header: Header,
    readonly payload: Uint8Array,
    readonly headerBytes: number,
    readonly msg: MessageId | undefined,
    readonly onGiveUp: (reason: DropReason) => void,
    readonly options: ReliableOptions,
  ) {
    this.onDrop = dropped(this);
  }
}

// Module functions and closures returned unnamed: the TypeScript loader (tsx, esbuild keepNames)
// names every closure assigned to a name when it is made, a property definition per send.
function dropped(r: Reliable): DropHandler {
  return function (_env: Envelope, reason: DropReason) {
    // Retransmit as a transport would; a missing route or receiver will not heal, so give up on those.
    if (RETRYABLE.has(reason) && r.tries < r.options.maxRetries) r.world.sim.schedule(millis(r.options.retryAfterMs), retry(r));
    else r.onGiveUp(reason);
  };
}

function retry(r: Reliable): () => void {
  return function () {
    r.tries++;
    r.world.net.send(r);
  };
}
