// Session setup with PQXDH (PQXDH spec §3.3 initiator, §3.4 responder), as libsignal's session.rs
// and ratchet.rs run it: the initiator verifies the bundle's signatures, derives the first root and
// chain keys, and immediately takes a DH ratchet step against the signed prekey; the responder's
// first sending ratchet key is its signed prekey.
import { bytesEqual } from './bytes.ts';
import { rejected, type PreKeyBundle, type Rejected, type SessionEvent } from './engine.ts';
import type { IdentityData } from './identity.ts';
import { kemDecapsulate, kemEncapsulate } from './kem.ts';
import type { ParsedPreKeySignalMessage } from './preKeySignalMessage.ts';
import type { PreKeyData } from './preKeys.ts';
import { x25519, x25519FromPrivate, x25519PublicObject } from './primitives.ts';
import { parsePublic, serializePublic } from './publicKey.ts';
import { pqxdhDerive } from './pqxdh.ts';
import { createChain } from './ratchetKeys.ts';
import { decryptWithRecord, decryptWithState } from './sessionCipher.ts';
import { promote, type RatchetState, type SessionData } from './sessionState.ts';
import { xeddsaVerify } from './xeddsa.ts';

export function initiate(identity: IdentityData, bundle: PreKeyBundle, existing: SessionData | undefined): { kind: 'ok'; record: SessionData; usedOneTimePreKey: boolean; events: SessionEvent[] } | Rejected {
  if (!bundle.kyberPreKey || !bundle.signedPreKey) return rejected('malformed', 'bundle lacks a signed or a Kyber prekey (PQXDH needs both)');
  const ik = parsePublic(bundle.identityKey);
  const spk = parsePublic(bundle.signedPreKey.publicKey);
  const opk = bundle.oneTimePreKey ? parsePublic(bundle.oneTimePreKey.publicKey) : undefined;
  if (!ik || !spk || (bundle.oneTimePreKey && !opk)) return rejected('malformed', 'bundle identity, signed or one-time prekey is not a Curve25519 public key');
  if (!xeddsaVerify(ik, bundle.signedPreKey.publicKey, bundle.signedPreKey.signature)) return rejected('bad-signature', 'signed prekey signature does not verify');
  if (!xeddsaVerify(ik, bundle.kyberPreKey.publicKey, bundle.kyberPreKey.signature)) return rejected('bad-signature', 'Kyber prekey signature does not verify');
  const rnd = identity.randomBytes;
  const base = x25519FromPrivate(rnd(32));
  let spkKey;
  try {
    spkKey = x25519PublicObject(spk); // three agreements below use it
  } catch {
    return rejected('invalid', 'a bundle key has low order');
  }
  const dhs = [x25519(identity.keyPair, spkKey), x25519(base, ik), x25519(base, spkKey), ...(opk ? [x25519(base, opk)] : [])];
  if (dhs.some((d) => d === undefined)) return rejected('invalid', 'a bundle key has low order');
  const kem = kemEncapsulate(bundle.kyberPreKey.publicKey, rnd(32));
  if (!kem) return rejected('malformed', 'Kyber prekey is not an ML-KEM-1024 key');
  const derived = pqxdhDerive(dhs as Uint8Array[], kem.sharedSecret);
  const sendRatchet = x25519FromPrivate(rnd(32));
  const send = createChain(derived.rootKey, spkKey, sendRatchet)!;
  const baseKey = serializePublic(base.publicKey);
  const state: RatchetState = {
    localIdentity: identity.publicKey,
    remoteIdentity: bundle.identityKey,
    localRegistrationId: identity.registrationId,
    remoteRegistrationId: bundle.registrationId,
    rootKey: send.rootKey,
    sendRatchet,
    sendChain: send.chainKey,
    previousCounter: 0,
    receivers: [{ ratchetKey: bundle.signedPreKey.publicKey, chainKey: { key: derived.chainKey, index: 0 }, skipped: new Map() }],
    aliceBaseKey: baseKey,
    pending: {
      ...(bundle.oneTimePreKey ? { preKeyId: bundle.oneTimePreKey.id } : {}),
      signedPreKeyId: bundle.signedPreKey.id,
      kyberPreKeyId: bundle.kyberPreKey.id,
      kyberCiphertext: kem.ciphertext,
      baseKey,
    },
  };
  const events: SessionEvent[] = ['new-session'];
  if (existing && !bytesEqual(existing.current.remoteIdentity, bundle.identityKey)) events.push('identity-changed');
  return { kind: 'ok', record: promote(existing, state), usedOneTimePreKey: opk !== undefined, events };
}

export type AcceptResult =
  | { readonly kind: 'ok'; readonly record: SessionData; readonly preKeys: PreKeyData; readonly plaintext: Uint8Array; readonly events: SessionEvent[] }
  | Rejected;

/** A PreKeySignalMessage: the session it names (by base key) if we have it, else a new one from our prekeys. */
export function acceptPreKeyMessage(identity: IdentityData, preKeys: PreKeyData, existing: SessionData | undefined, m: ParsedPreKeySignalMessage): AcceptResult {
  if (existing) {
    const states = [existing.current, ...existing.archived];
    if (states.some((s) => bytesEqual(s.aliceBaseKey, m.baseKey))) {
      const r = decryptWithRecord(identity, existing, m.message);
      return r.kind === 'ok' ? { kind: 'ok', record: r.record, preKeys, plaintext: r.plaintext, events: [] } : r;
    }
  }
  const spk = preKeys.signed.get(m.signedPreKeyId);
  if (!spk) return rejected('unknown-prekey', `signed prekey ${m.signedPreKeyId} is unknown`);
  const opk = m.preKeyId !== undefined ? preKeys.oneTime.get(m.preKeyId) : undefined;
  if (m.preKeyId !== undefined && !opk) return rejected('unknown-prekey', `one-time prekey ${m.preKeyId} is unknown or already used`);
  const kyber = preKeys.kyber.get(m.kyberPreKeyId);
  if (!kyber) return rejected('unknown-prekey', `Kyber prekey ${m.kyberPreKeyId} is unknown or already used`);
  const ikA = parsePublic(m.identityKey)!;
  const ekA = parsePublic(m.baseKey)!;
  let ekAKey;
  try {
    ekAKey = x25519PublicObject(ekA); // used by three or four agreements
  } catch {
    return rejected('invalid', 'initiator key has low order');
  }
  const dhs = [x25519(spk, ikA), x25519(identity.keyPair, ekAKey), x25519(spk, ekAKey), ...(opk ? [x25519(opk, ekAKey)] : [])];
  if (dhs.some((d) => d === undefined)) return rejected('invalid', 'initiator key has low order');
  const kemSecret = kemDecapsulate(kyber.keyPair.secretKey, m.kyberCiphertext, kyber.keyPair.matrix);
  if (!kemSecret) return rejected('malformed', 'Kyber ciphertext does not decapsulate');
  const derived = pqxdhDerive(dhs as Uint8Array[], kemSecret);
  const state: RatchetState = {
    localIdentity: identity.publicKey,
    remoteIdentity: m.identityKey,
    localRegistrationId: identity.registrationId,
    remoteRegistrationId: m.registrationId,
    rootKey: derived.rootKey,
    sendRatchet: spk,
    sendChain: { key: derived.chainKey, index: 0 },
    previousCounter: 0,
    receivers: [],
    aliceBaseKey: m.baseKey,
  };
  const r = decryptWithState(identity, state, m.message);
  if (r.kind !== 'ok') return r;
  // Only once the message authenticates are the one-time prekeys spent (PQXDH spec §3.4).
  const oneTime = new Map(preKeys.oneTime);
  if (m.preKeyId !== undefined) oneTime.delete(m.preKeyId);
  const kyberMap = new Map(preKeys.kyber);
  if (!kyber.lastResort) kyberMap.delete(m.kyberPreKeyId);
  const events: SessionEvent[] = ['new-session'];
  if (existing && !bytesEqual(existing.current.remoteIdentity, m.identityKey)) events.push('identity-changed');
  return { kind: 'ok', record: promote(existing, r.state), preKeys: { ...preKeys, oneTime, kyber: kyberMap }, plaintext: r.plaintext, events };
}
