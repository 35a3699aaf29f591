// Double Ratchet encryption and decryption of SignalMessages (Double Ratchet spec §3.4, §3.5, with
// libsignal's AES-256-CBC + truncated HMAC message format).
import { bytesEqual } from './bytes.ts';
import { rejected, type PairwiseMessage, type Rejected } from './engine.ts';
import type { IdentityData } from './identity.ts';
import { encodePreKeySignalMessage } from './preKeySignalMessage.ts';
import { aesCbcDecrypt, aesCbcEncrypt, x25519FromPrivate, x25519PublicObject } from './primitives.ts';
import { parsePublic, serializePublic } from './publicKey.ts';
import { createChain, messageKeys, messageKeySeed, nextChainKey, type ChainKey } from './ratchetKeys.ts';
import { MAX_FORWARD_JUMPS, MAX_MESSAGE_KEYS, MAX_RECEIVER_CHAINS, withUpdated, type RatchetState, type ReceiverChain, type SessionData } from './sessionState.ts';
import { encodeSignalMessage, MESSAGE_VERSION, verifySignalMessageMac, type ParsedSignalMessage } from './signalMessage.ts';

export function encryptWithSession(record: SessionData, plaintext: Uint8Array): { record: SessionData; message: PairwiseMessage } {
  const s = record.current;
  const keys = messageKeys(messageKeySeed(s.sendChain));
  const signal = encodeSignalMessage(
    {
      version: MESSAGE_VERSION,
      ratchetKey: serializePublic(s.sendRatchet.publicKey),
      counter: s.sendChain.index,
      previousCounter: s.previousCounter,
      ciphertext: aesCbcEncrypt(keys.cipherKey, keys.iv, plaintext),
    },
    keys.macKey,
    s.localIdentity,
    s.remoteIdentity,
  );
  const next: RatchetState = { ...s, sendChain: nextChainKey(s.sendChain) };
  const message: PairwiseMessage = s.pending
    ? {
        type: 'prekey',
        bytes: encodePreKeySignalMessage(
          {
            registrationId: s.localRegistrationId,
            ...(s.pending.preKeyId !== undefined ? { preKeyId: s.pending.preKeyId } : {}),
            signedPreKeyId: s.pending.signedPreKeyId,
            kyberPreKeyId: s.pending.kyberPreKeyId,
            kyberCiphertext: s.pending.kyberCiphertext,
            baseKey: s.pending.baseKey,
            identityKey: s.localIdentity,
          },
          signal,
        ),
      }
    : { type: 'whisper', bytes: signal };
  return { record: { current: next, archived: record.archived }, message };
}

type Step = { readonly kind: 'ok'; readonly state: RatchetState; readonly plaintext: Uint8Array } | Rejected;

/** The receiving chain for `ratchetKey`, running a DH ratchet step (§3.5) when it is new. */
function receiverFor(identity: IdentityData, s: RatchetState, ratchetKey: Uint8Array): { state: RatchetState; index: number } | Rejected {
  const index = s.receivers.findIndex((r) => bytesEqual(r.ratchetKey, ratchetKey));
  if (index >= 0) return { state: s, index };
  let theirs;
  try {
    theirs = x25519PublicObject(parsePublic(ratchetKey)!); // both half-steps use it
  } catch {
    return rejected('invalid', 'peer ratchet key has low order');
  }
  const recv = createChain(s.rootKey, theirs, s.sendRatchet);
  if (!recv) return rejected('invalid', 'peer ratchet key has low order');
  const sendRatchet = x25519FromPrivate(identity.randomBytes(32));
  const send = createChain(recv.rootKey, theirs, sendRatchet)!;
  const receivers = [...s.receivers, { ratchetKey, chainKey: recv.chainKey, skipped: new Map<number, Uint8Array>() }].slice(-MAX_RECEIVER_CHAINS);
  const state: RatchetState = {
    ...s,
    rootKey: send.rootKey,
    sendRatchet,
    sendChain: send.chainKey,
    previousCounter: Math.max(s.sendChain.index - 1, 0),
    receivers,
  };
  return { state, index: receivers.length - 1 };
}

/** The message-key seed for `counter` and the chain after it (§3.5 TrySkippedMessageKeys / SkipMessageKeys). */
function seedFor(chain: ReceiverChain, counter: number): { seed: Uint8Array; chain: ReceiverChain } | Rejected {
  if (counter < chain.chainKey.index) {
    const seed = chain.skipped.get(counter);
    if (!seed) return rejected('replay', `message ${counter} already received (chain is at ${chain.chainKey.index})`);
    const skipped = new Map(chain.skipped);
    skipped.delete(counter);
    return { seed, chain: { ...chain, skipped } };
  }
  if (counter - chain.chainKey.index > MAX_FORWARD_JUMPS) return rejected('too-far', `message ${counter} is more than ${MAX_FORWARD_JUMPS} ahead of ${chain.chainKey.index}`);
  let ck: ChainKey = chain.chainKey;
  let skipped: Map<number, Uint8Array> | undefined;
  while (ck.index < counter) {
    skipped ??= new Map(chain.skipped);
    skipped.set(ck.index, messageKeySeed(ck));
    if (skipped.size > MAX_MESSAGE_KEYS) skipped.delete(skipped.keys().next().value!);
    ck = nextChainKey(ck);
  }
  return { seed: messageKeySeed(ck), chain: { ratchetKey: chain.ratchetKey, chainKey: nextChainKey(ck), skipped: skipped ?? chain.skipped } };
}

export function decryptWithState(identity: IdentityData, s: RatchetState, m: ParsedSignalMessage): Step {
  const r = receiverFor(identity, s, m.ratchetKey);
  if ('kind' in r) return r;
  const seeded = seedFor(r.state.receivers[r.index]!, m.counter);
  if ('kind' in seeded) return seeded;
  const keys = messageKeys(seeded.seed);
  if (!verifySignalMessageMac(m, keys.macKey, s.remoteIdentity, s.localIdentity)) return rejected('bad-mac', 'SignalMessage MAC does not verify');
  const plaintext = aesCbcDecrypt(keys.cipherKey, keys.iv, m.ciphertext);
  if (!plaintext) return rejected('bad-mac', 'SignalMessage ciphertext does not decrypt');
  const receivers = r.state.receivers.map((c, i) => (i === r.index ? seeded.chain : c));
  const { pending: _acknowledged, ...rest } = r.state;
  return { kind: 'ok', state: { ...rest, receivers }, plaintext };
}

/** Try the current state, then archived ones (a late message of a replaced session). */
export function decryptWithRecord(identity: IdentityData, record: SessionData, m: ParsedSignalMessage): { kind: 'ok'; record: SessionData; plaintext: Uint8Array } | Rejected {
  let first: Rejected | undefined;
  for (let i = -1; i < record.archived.length; i++) {
    const step = decryptWithState(identity, i < 0 ? record.current : record.archived[i]!, m);
    if (step.kind === 'ok') return { kind: 'ok', record: withUpdated(record, i, step.state), plaintext: step.plaintext };
    if (!first || (first.reason === 'bad-mac' && step.reason !== 'bad-mac')) first = step;
  }
  return first!.reason === 'bad-mac' ? rejected('bad-mac', `no state of the session decrypts it (${record.archived.length + 1} tried): unknown or old session, or tampered`) : first!;
}
