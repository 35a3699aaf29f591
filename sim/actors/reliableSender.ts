import { millis, type NodeId } from '../core/index.ts';
import type { DropReason, PayloadKind } from '../trace/index.ts';
import type { MessageId } from '../core/index.ts';
import type { DropHandler, Envelope } from '../net/index.ts';
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
  attempt({ world, from, to, kind, payload, header, headerBytes: headerSize ?? headerBytes(header), msg, onGiveUp, options }, 0);
}

interface Reliable {
  readonly world: World;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: PayloadKind;
  readonly payload: Uint8Array;
  readonly header: Header;
  readonly headerBytes: number;
  readonly msg: MessageId | undefined;
  readonly onGiveUp: (reason: DropReason) => void;
  readonly options: ReliableOptions;
}

// Module functions and closures returned unnamed: the TypeScript loader (tsx, esbuild keepNames)
// names every closure assigned to a name when it is made, a property definition per send.
function attempt(r: Reliable, tries: number): void {
  const onDrop = dropped(r, tries);
  const { from, to, kind, payload, header, headerBytes: size } = r;
  // One request shape (msg present, maybe undefined): the network reads every request's fields.
  r.world.net.send({ from, to, kind, payload, header, headerBytes: size, msg: r.msg, onDrop });
}

function dropped(r: Reliable, tries: number): DropHandler {
  return function (_env: Envelope, reason: DropReason) {
    // Retransmit as a transport would; a missing route or receiver will not heal, so give up on those.
    if (RETRYABLE.has(reason) && tries < r.options.maxRetries) r.world.sim.schedule(millis(r.options.retryAfterMs), retry(r, tries + 1));
    else r.onGiveUp(reason);
  };
}

function retry(r: Reliable, tries: number): () => void {
  return function () {
    attempt(r, tries);
  };
}
