// A libsignal-client 0.90.0 device with in-memory stores, speaking in the engine's value types, so
// tests can put it opposite a native device. Test-only: libsignal is AGPL and a devDependency.
import * as ls from '@signalapp/libsignal-client';
import type { PairwiseMessage, PreKeyBundle } from '../../sim/signal/engine.ts';

const key = (a: ls.ProtocolAddress) => `${a.name()}.${a.deviceId()}`;
const ab = (b: Uint8Array) => Uint8Array.from(b) as Uint8Array<ArrayBuffer>;

class Sessions extends ls.SessionStore {
  m = new Map<string, ls.SessionRecord>();
  async saveSession(a: ls.ProtocolAddress, r: ls.SessionRecord) { this.m.set(key(a), ls.SessionRecord.deserialize(r.serialize())); }
  async getSession(a: ls.ProtocolAddress) { return this.m.get(key(a)) ?? null; }
  async getExistingSessions(as: ls.ProtocolAddress[]) { return as.map((a) => this.m.get(key(a))!).filter(Boolean); }
}
class Identities extends ls.IdentityKeyStore {
  m = new Map<string, ls.PublicKey>();
  constructor(readonly priv: ls.PrivateKey, readonly regId: number) { super(); }
  async getIdentityKey() { return this.priv; }
  async getLocalRegistrationId() { return this.regId; }
  async saveIdentity(a: ls.ProtocolAddress, k: ls.PublicKey) {
    const old = this.m.get(key(a));
    this.m.set(key(a), k);
    return old && !old.equals(k) ? ls.IdentityChange.ReplacedExisting : ls.IdentityChange.NewOrUnchanged;
  }
  async isTrustedIdentity() { return true; }
  async getIdentity(a: ls.ProtocolAddress) { return this.m.get(key(a)) ?? null; }
}
class PreKeys extends ls.PreKeyStore {
  m = new Map<number, ls.PreKeyRecord>();
  async savePreKey(id: number, r: ls.PreKeyRecord) { this.m.set(id, r); }
  async getPreKey(id: number) { const r = this.m.get(id); if (!r) throw new Error(`no prekey ${id}`); return r; }
  async removePreKey(id: number) { this.m.delete(id); }
}
class SignedPreKeys extends ls.SignedPreKeyStore {
  m = new Map<number, ls.SignedPreKeyRecord>();
  async saveSignedPreKey(id: number, r: ls.SignedPreKeyRecord) { this.m.set(id, r); }
  async getSignedPreKey(id: number) { const r = this.m.get(id); if (!r) throw new Error(`no signed prekey ${id}`); return r; }
}
class KyberPreKeys extends ls.KyberPreKeyStore {
  m = new Map<number, ls.KyberPreKeyRecord>();
  async saveKyberPreKey(id: number, r: ls.KyberPreKeyRecord) { this.m.set(id, r); }
  async getKyberPreKey(id: number) { const r = this.m.get(id); if (!r) throw new Error(`no kyber prekey ${id}`); return r; }
  async markKyberPreKeyUsed() {}
}
class SenderKeys extends ls.SenderKeyStore {
  m = new Map<string, ls.SenderKeyRecord>();
  async saveSenderKey(s: ls.ProtocolAddress, d: string, r: ls.SenderKeyRecord) { this.m.set(`${key(s)}/${d}`, r); }
  async getSenderKey(s: ls.ProtocolAddress, d: string) { return this.m.get(`${key(s)}/${d}`) ?? null; }
}

export function uuidOf(bytes: Uint8Array): string {
  const h = Buffer.from(bytes).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export class LibsignalDevice {
  readonly identityKey = ls.PrivateKey.generate();
  readonly registrationId: number;
  readonly sessions = new Sessions();
  readonly identities: Identities;
  readonly preKeys = new PreKeys();
  readonly signed = new SignedPreKeys();
  readonly kyber = new KyberPreKeys();
  readonly senderKeys = new SenderKeys();
  readonly address: ls.ProtocolAddress;
  private nextId = 1;

  constructor(name: string, registrationId = 4242) {
    this.registrationId = registrationId;
    this.identities = new Identities(this.identityKey, registrationId);
    this.address = ls.ProtocolAddress.new(name, 1);
  }

  /** A fresh bundle (new signed, one-time and Kyber prekeys) in the engine's value form. */
  bundle(withOneTime = true): PreKeyBundle {
    const id = this.nextId++;
    const spk = ls.PrivateKey.generate();
    const spkSig = this.identityKey.sign(spk.getPublicKey().serialize());
    this.signed.m.set(id, ls.SignedPreKeyRecord.new(id, Date.now(), spk.getPublicKey(), spk, spkSig));
    const kem = ls.KEMKeyPair.generate();
    const kemSig = this.identityKey.sign(kem.getPublicKey().serialize());
    this.kyber.m.set(id, ls.KyberPreKeyRecord.new(id, Date.now(), kem, kemSig));
    const opk = ls.PrivateKey.generate();
    if (withOneTime) this.preKeys.m.set(id, ls.PreKeyRecord.new(id, opk.getPublicKey(), opk));
    return {
      identityKey: this.identityKey.getPublicKey().serialize(),
      registrationId: this.registrationId,
      deviceId: 1,
      signedPreKey: { id, publicKey: spk.getPublicKey().serialize(), signature: spkSig },
      ...(withOneTime ? { oneTimePreKey: { id, publicKey: opk.getPublicKey().serialize() } } : {}),
      kyberPreKey: { id, publicKey: kem.getPublicKey().serialize(), signature: kemSig },
    };
  }

  async processBundle(peer: ls.ProtocolAddress, b: PreKeyBundle): Promise<void> {
    const bundle = ls.PreKeyBundle.new(
      b.registrationId,
      b.deviceId,
      b.oneTimePreKey?.id ?? null,
      b.oneTimePreKey ? ls.PublicKey.deserialize(ab(b.oneTimePreKey.publicKey)) : null,
      b.signedPreKey.id,
      ls.PublicKey.deserialize(ab(b.signedPreKey.publicKey)),
      ab(b.signedPreKey.signature),
      ls.PublicKey.deserialize(ab(b.identityKey)),
      b.kyberPreKey.id,
      ls.KEMPublicKey.deserialize(ab(b.kyberPreKey.publicKey)),
      ab(b.kyberPreKey.signature),
    );
    await ls.processPreKeyBundle(bundle, peer, this.sessions, this.identities);
  }

  async encrypt(peer: ls.ProtocolAddress, plaintext: Uint8Array): Promise<PairwiseMessage> {
    const c = await ls.signalEncrypt(ab(plaintext), peer, this.sessions, this.identities);
    const type = c.type() === ls.CiphertextMessageType.PreKey ? 'prekey' : 'whisper';
    return { type, bytes: c.serialize() };
  }

  async decrypt(peer: ls.ProtocolAddress, m: PairwiseMessage): Promise<Uint8Array> {
    if (m.type === 'prekey')
      return ls.signalDecryptPreKey(ls.PreKeySignalMessage.deserialize(ab(m.bytes)), peer, this.sessions, this.identities, this.preKeys, this.signed, this.kyber);
    return ls.signalDecrypt(ls.SignalMessage.deserialize(ab(m.bytes)), peer, this.sessions, this.identities);
  }

  async senderKeyDistribution(distributionId: Uint8Array): Promise<Uint8Array> {
    return (await ls.SenderKeyDistributionMessage.create(this.address, uuidOf(distributionId), this.senderKeys)).serialize();
  }
  async processDistribution(sender: ls.ProtocolAddress, bytes: Uint8Array): Promise<void> {
    await ls.processSenderKeyDistributionMessage(sender, ls.SenderKeyDistributionMessage.deserialize(ab(bytes)), this.senderKeys);
  }
  async groupEncrypt(distributionId: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
    return (await ls.groupEncrypt(this.address, uuidOf(distributionId), this.senderKeys, ab(plaintext))).serialize();
  }
  async groupDecrypt(sender: ls.ProtocolAddress, bytes: Uint8Array): Promise<Uint8Array> {
    return ls.groupDecrypt(sender, this.senderKeys, ab(bytes));
  }
}

export { ls };
