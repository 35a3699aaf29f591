// The built-in SignalEngine over node:crypto (X25519, HMAC/HKDF-SHA256, AES-256-CBC, and Ed25519 under
// XEdDSA), with the project's own ML-KEM-1024 for Kyber-1024 (mlKem/, on node's SHA-3; node 20 has no ML-KEM) and
// @noble/curves for one field inversion in XEdDSA.
import { u32 } from './bytes.ts';
import {
  rejected,
  type CreateIdentityOptions,
  type IdentityKeys,
  type Opaque,
  type PreKeyStore,
  type SenderKey,
  type SenderKeyRecord,
  type Session,
  type SignalEngine,
} from './engine.ts';
import type { IdentityData } from './identity.ts';
import { decodePreKeySignalMessage } from './preKeySignalMessage.ts';
import { createPreKeys, EMPTY_PREKEYS, type PreKeyData } from './preKeys.ts';
import { serializePublic } from './publicKey.ts';
import { createSenderKey, distributionOf, groupDecrypt, groupEncrypt, processDistribution, type OwnSenderKeyData, type SenderKeyRecordData } from './senderKeys.ts';
import { decryptWithRecord, encryptWithSession } from './sessionCipher.ts';
import { acceptPreKeyMessage, initiate } from './sessionSetup.ts';
import type { SessionData } from './sessionState.ts';
import { decodeSignalMessage } from './signalMessage.ts';
import { signingKeyPair } from './xeddsa.ts';

/** Wraps internal values so that only this engine can open them. */
function handles<Data, H extends Opaque<string>>(what: string) {
  const inside = new WeakMap<object, Data>();
  return {
    wrap(data: Data): H {
      const h = Object.freeze({ engine: 'signal-native', kind: what });
      inside.set(h, data);
      return h as unknown as H;
    },
    open(h: H): Data {
      const d = typeof h === 'object' && h !== null ? inside.get(h) : undefined;
      if (d === undefined) throw new TypeError(`${what}: not a handle of this engine`);
      return d;
    },
  };
}

export function createNativeSignalEngine(): SignalEngine {
  const ids = handles<IdentityData, IdentityKeys>('IdentityKeys');
  const stores = handles<PreKeyData, PreKeyStore>('PreKeyStore');
  const sessions = handles<SessionData, Session>('Session');
  const senderKeys = handles<OwnSenderKeyData, SenderKey>('SenderKey');
  const records = handles<SenderKeyRecordData, SenderKeyRecord>('SenderKeyRecord');
  const bytesArg = (what: string, b: unknown): Uint8Array => {
    if (!(b instanceof Uint8Array)) throw new TypeError(`${what}: expected a Uint8Array`);
    return b;
  };

  return {
    name: 'signal-native',
    createIdentity(options: CreateIdentityOptions) {
      if (typeof options?.randomBytes !== 'function') throw new TypeError('createIdentity: randomBytes must be a function');
      const { keyPair, signingKey } = signingKeyPair(options.randomBytes(32));
      const registrationId = options.registrationId ?? (u32(options.randomBytes(4)) % 16380) + 1; // libsignal: 1..16380
      if (!Number.isInteger(registrationId) || registrationId < 0 || registrationId > 0x3fff) throw new RangeError(`registrationId: expected a 14-bit id, got ${registrationId}`);
      return ids.wrap({ keyPair, signingKey, publicKey: serializePublic(keyPair.publicKey), registrationId, randomBytes: options.randomBytes });
    },
    withRandomBytes(identity: IdentityKeys, randomBytes) {
      if (typeof randomBytes !== 'function') throw new TypeError('withRandomBytes: randomBytes must be a function');
      return ids.wrap({ ...ids.open(identity), randomBytes });
    },
    identityInfo(identity) {
      const d = ids.open(identity);
      return { identityKey: d.publicKey, registrationId: d.registrationId };
    },
    createPreKeys(identity, options, existing) {
      const r = createPreKeys(ids.open(identity), options, existing ? stores.open(existing) : EMPTY_PREKEYS);
      return { preKeys: stores.wrap(r.data), upload: r.upload };
    },
    initiateSession(identity, bundle, existing) {
      const r = initiate(ids.open(identity), bundle, existing ? sessions.open(existing) : undefined);
      return r.kind === 'ok' ? { kind: 'ok', session: sessions.wrap(r.record), usedOneTimePreKey: r.usedOneTimePreKey, events: r.events } : r;
    },
    encrypt(identity, session, plaintext) {
      ids.open(identity);
      const r = encryptWithSession(sessions.open(session), bytesArg('plaintext', plaintext));
      return { kind: 'ok', session: sessions.wrap(r.record), message: r.message };
    },
    decrypt(identity, preKeys, session, message) {
      const id = ids.open(identity);
      const store = stores.open(preKeys);
      const record = session ? sessions.open(session) : undefined;
      const bytes = bytesArg('message.bytes', message?.bytes);
      switch (message.type) {
        case 'prekey': {
          const m = decodePreKeySignalMessage(bytes);
          if (typeof m === 'string') return rejected('malformed', m);
          const r = acceptPreKeyMessage(id, store, record, m);
          return r.kind === 'ok' ? { kind: 'ok', session: sessions.wrap(r.record), preKeys: r.preKeys === store ? preKeys : stores.wrap(r.preKeys), plaintext: r.plaintext, events: r.events } : r;
        }
        case 'whisper': {
          const m = decodeSignalMessage(bytes);
          if (typeof m === 'string') return rejected('malformed', m);
          if (!record) return rejected('no-session', 'a SignalMessage with no session for its sender');
          const r = decryptWithRecord(id, record, m);
          return r.kind === 'ok' ? { kind: 'ok', session: sessions.wrap(r.record), preKeys, plaintext: r.plaintext, events: [] } : r;
        }
        default: {
          const never: never = message.type;
          throw new TypeError(`message.type: expected 'prekey' or 'whisper', got ${String(never)}`);
        }
      }
    },
    sessionInfo(session) {
      const d = sessions.open(session);
      return { remoteIdentityKey: d.current.remoteIdentity, remoteRegistrationId: d.current.remoteRegistrationId, acknowledged: d.current.pending === undefined, archivedStates: d.archived.length };
    },
    createSenderKey(identity, distributionId) {
      const own = createSenderKey(ids.open(identity), bytesArg('distributionId', distributionId));
      return { senderKey: senderKeys.wrap(own), distribution: distributionOf(own) };
    },
    senderKeyDistribution(senderKey) {
      return distributionOf(senderKeys.open(senderKey));
    },
    groupEncrypt(identity, senderKey, plaintext) {
      const r = groupEncrypt(ids.open(identity), senderKeys.open(senderKey), bytesArg('plaintext', plaintext));
      return { kind: 'ok', senderKey: senderKeys.wrap(r.own), message: r.message };
    },
    processSenderKeyDistribution(record, distribution) {
      const r = processDistribution(record ? records.open(record) : [], bytesArg('distribution', distribution));
      return r.kind === 'ok' ? { kind: 'ok', record: records.wrap(r.record), distributionId: r.distributionId, chainId: r.chainId } : r;
    },
    groupDecrypt(record, message) {
      const r = groupDecrypt(records.open(record), bytesArg('message', message));
      return r.kind === 'ok' ? { kind: 'ok', record: records.wrap(r.record), plaintext: r.plaintext } : r;
    },
  };
}
