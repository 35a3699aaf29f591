import type { NodeId } from '../../core/index.ts';
import type { PairwiseMessage } from '../../signal/engine.ts';
import { frameAll, unframeAll } from '../framing.ts';

/** The suite number a Signal device's prekey bundles are filed under in the provider's directory. */
export const SIGNAL_BUNDLES = 0x5349;

/**
 * An application payload under `protocol: signal`: a SenderKeyMessage (one ciphertext fanned out to the
 * group) or one device's pairwise message (libsignal CiphertextMessageType 3 PreKey, 2 Whisper).
 */
export type SignalPayload = { readonly kind: 'sender-key'; readonly bytes: Uint8Array } | { readonly kind: 'pairwise'; readonly message: PairwiseMessage };

const TAG = { 'sender-key': 7, prekey: 3, whisper: 2 } as const;

export function encodePayload(p: SignalPayload): Uint8Array {
  const tag = p.kind === 'sender-key' ? TAG['sender-key'] : TAG[p.message.type];
  const bytes = p.kind === 'sender-key' ? p.bytes : p.message.bytes;
  const out = new Uint8Array(bytes.length + 1);
  out[0] = tag;
  out.set(bytes, 1);
  return out;
}

export function decodePayload(b: Uint8Array): SignalPayload | undefined {
  const body = b.subarray(1);
  switch (b[0]) {
    case TAG['sender-key']:
      return { kind: 'sender-key', bytes: body };
    case TAG.prekey:
      return { kind: 'pairwise', message: { type: 'prekey', bytes: body } };
    case TAG.whisper:
      return { kind: 'pairwise', message: { type: 'whisper', bytes: body } };
    default:
      return undefined;
  }
}

/**
 * A roster change the group's server orders (Signal's group server keeps a versioned group state the
 * same way): the devices added and removed, and, for joiners, the roster after the change.
 */
export function encodeChange(adds: readonly NodeId[], removes: readonly NodeId[], roster: readonly NodeId[]): Uint8Array {
  const enc = (l: readonly NodeId[]) => new TextEncoder().encode(l.join('\n'));
  return frameAll([frameAll([enc(adds), enc(removes)]), enc(roster)]);
}

const list = (b: Uint8Array | undefined): NodeId[] => {
  const s = b === undefined ? '' : new TextDecoder().decode(b);
  return s === '' ? [] : (s.split('\n') as NodeId[]);
};

/** The change a member applies (the first frame of the commit payload). */
export function decodeChange(b: Uint8Array): { adds: NodeId[]; removes: NodeId[] } {
  const [adds, removes] = unframeAll(b);
  return { adds: list(adds), removes: list(removes) };
}

/** The roster a joiner starts from (the Welcome frame). */
export const decodeRoster = (b: Uint8Array): NodeId[] => list(b);
