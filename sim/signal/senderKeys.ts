// Sender Keys for groups (libsignal sender_keys.rs / group_cipher.rs): each sender has, per
// distribution id, a chain (id, iteration, chain key) and a signing key. The chain advances with
// HMAC(ck, 0x02); message key seed HMAC(ck, 0x01) -> HKDF(info "WhisperGroup") -> IV (16) || key (32).
// Messages are AES-256-CBC and signed with XEdDSA. Receivers keep up to five chains per sender.
import { bytesEqual, u32 } from './bytes.ts';
import { rejected, type Rejected } from './engine.ts';
import type { IdentityData } from './identity.ts';
import { aesCbcDecrypt, aesCbcEncrypt, hkdf, hmacSha256 } from './primitives.ts';
import { parsePublic, serializePublic } from './publicKey.ts';
import { decodeSenderKeyDistribution, encodeSenderKeyDistribution } from './senderKeyDistributionMessage.ts';
import { decodeSenderKeyMessage, encodeSenderKeyMessage, verifySenderKeyMessage } from './senderKeyMessage.ts';
import { MAX_FORWARD_JUMPS, MAX_MESSAGE_KEYS } from './sessionState.ts';
import { signingKeyPair, type XedSigningKey } from './xeddsa.ts';

/** Chains kept per sender and distribution id (libsignal MAX_SENDER_KEY_STATES). */
export const MAX_SENDER_KEY_STATES = 5;

export interface SenderChain {
  readonly key: Uint8Array;
  readonly iteration: number;
}

export interface OwnSenderKeyData {
  readonly distributionId: Uint8Array;
  readonly chainId: number;
  readonly chain: SenderChain;
  /** Serialized signing public key. */
  readonly signingPublic: Uint8Array;
  readonly signingKey: XedSigningKey;
}

export interface SenderKeyStateData {
  readonly distributionId: Uint8Array;
  readonly chainId: number;
  readonly chain: SenderChain;
  /** Raw 32-byte Montgomery signing key. */
  readonly signingKey: Uint8Array;
  readonly skipped: ReadonlyMap<number, Uint8Array>;
}

/** Newest first. */
export type SenderKeyRecordData = readonly SenderKeyStateData[];

const MESSAGE_KEY_SEED = Uint8Array.of(1);
const CHAIN_KEY_SEED = Uint8Array.of(2);
const next = (c: SenderChain): SenderChain => ({ key: hmacSha256(c.key, CHAIN_KEY_SEED), iteration: c.iteration + 1 });
const seedOf = (c: SenderChain): Uint8Array => hmacSha256(c.key, MESSAGE_KEY_SEED);

function messageKey(seed: Uint8Array): { iv: Uint8Array; key: Uint8Array } {
  const okm = hkdf(seed, undefined, 'WhisperGroup', 48);
  return { iv: okm.subarray(0, 16), key: okm.subarray(16, 48) };
}

export function createSenderKey(identity: IdentityData, distributionId: Uint8Array): OwnSenderKeyData {
  if (distributionId.length !== 16) throw new RangeError(`distributionId: expected a 16-byte UUID, got ${distributionId.length} bytes`);
  const rnd = identity.randomBytes;
  const chainId = u32(rnd(4)) >>> 1;
  const key = rnd(32);
  const signing = signingKeyPair(rnd(32));
  return { distributionId: new Uint8Array(distributionId), chainId, chain: { key, iteration: 0 }, signingPublic: serializePublic(signing.keyPair.publicKey), signingKey: signing.signingKey };
}

export function distributionOf(own: OwnSenderKeyData): Uint8Array {
  return encodeSenderKeyDistribution({ distributionId: own.distributionId, chainId: own.chainId, iteration: own.chain.iteration, chainKey: own.chain.key, signingKey: own.signingPublic });
}

export function groupEncrypt(identity: IdentityData, own: OwnSenderKeyData, plaintext: Uint8Array): { own: OwnSenderKeyData; message: Uint8Array } {
  const k = messageKey(seedOf(own.chain));
  const message = encodeSenderKeyMessage(
    { distributionId: own.distributionId, chainId: own.chainId, iteration: own.chain.iteration, ciphertext: aesCbcEncrypt(k.key, k.iv, plaintext) },
    own.signingKey,
    identity.randomBytes(64),
  );
  return { own: { ...own, chain: next(own.chain) }, message };
}

export function processDistribution(record: SenderKeyRecordData, bytes: Uint8Array): { kind: 'ok'; record: SenderKeyRecordData; distributionId: Uint8Array; chainId: number } | Rejected {
  const d = decodeSenderKeyDistribution(bytes);
  if (typeof d === 'string') return rejected('malformed', d);
  const signingKey = parsePublic(d.signingKey)!;
  if (record.length > 0 && !bytesEqual(record[0]!.distributionId, d.distributionId)) return rejected('invalid', 'distribution id differs from this record');
  // A chain we already hold (same id and signing key) keeps its progress, as libsignal does.
  const same = record.find((s) => s.chainId === d.chainId && bytesEqual(s.signingKey, signingKey));
  const state: SenderKeyStateData = same ?? { distributionId: d.distributionId, chainId: d.chainId, chain: { key: d.chainKey, iteration: d.iteration }, signingKey, skipped: new Map() };
  const rest = record.filter((s) => s.chainId !== d.chainId);
  return { kind: 'ok', record: [state, ...rest].slice(0, MAX_SENDER_KEY_STATES), distributionId: d.distributionId, chainId: d.chainId };
}

export function groupDecrypt(record: SenderKeyRecordData, bytes: Uint8Array): { kind: 'ok'; record: SenderKeyRecordData; plaintext: Uint8Array } | Rejected {
  const m = decodeSenderKeyMessage(bytes);
  if (typeof m === 'string') return rejected('malformed', m);
  const index = record.findIndex((s) => s.chainId === m.chainId && bytesEqual(s.distributionId, m.distributionId));
  if (index < 0) return rejected('no-session', `no sender key for chain ${m.chainId} (not distributed to us, or rotated away)`);
  const s = record[index]!;
  if (!verifySenderKeyMessage(bytes, s.signingKey)) return rejected('bad-signature', 'SenderKeyMessage signature does not verify');
  let seed: Uint8Array;
  let chain = s.chain;
  let skipped: Map<number, Uint8Array> | undefined;
  if (m.iteration < chain.iteration) {
    const found = s.skipped.get(m.iteration);
    if (!found) return rejected('replay', `iteration ${m.iteration} already received (chain is at ${chain.iteration})`);
    seed = found;
    skipped = new Map(s.skipped);
    skipped.delete(m.iteration);
  } else {
    if (m.iteration - chain.iteration > MAX_FORWARD_JUMPS) return rejected('too-far', `iteration ${m.iteration} is more than ${MAX_FORWARD_JUMPS} ahead of ${chain.iteration}`);
    while (chain.iteration < m.iteration) {
      skipped ??= new Map(s.skipped);
      skipped.set(chain.iteration, seedOf(chain));
      if (skipped.size > MAX_MESSAGE_KEYS) skipped.delete(skipped.keys().next().value!);
      chain = next(chain);
    }
    seed = seedOf(chain);
    chain = next(chain);
  }
  const k = messageKey(seed);
  const plaintext = aesCbcDecrypt(k.key, k.iv, m.ciphertext);
  if (!plaintext) return rejected('invalid', 'SenderKeyMessage ciphertext does not decrypt');
  const updated: SenderKeyStateData = { ...s, chain, skipped: skipped ?? s.skipped };
  return { kind: 'ok', record: record.map((x, i) => (i === index ? updated : x)), plaintext };
}
