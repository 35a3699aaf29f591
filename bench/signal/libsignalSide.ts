// The same operations through libsignal-client (a devDependency, AGPL: loaded only when present,
// and only by the benchmark). Stores keep the record objects as they are, no copies.
import type * as LS from '@signalapp/libsignal-client';

export type Libsignal = typeof LS;

export async function loadLibsignal(): Promise<Libsignal | undefined> {
  try {
    return await import('@signalapp/libsignal-client');
  } catch {
    return undefined;
  }
}

export function libsignalDevice(ls: Libsignal, name: string) {
  const k = (a: LS.ProtocolAddress) => `${a.name()}.${a.deviceId()}`;
  const identityKey = ls.PrivateKey.generate();
  const sessions = new Map<string, LS.SessionRecord>();
  const idents = new Map<string, LS.PublicKey>();
  const preKeys = new Map<number, LS.PreKeyRecord>();
  const signed = new Map<number, LS.SignedPreKeyRecord>();
  const kyber = new Map<number, LS.KyberPreKeyRecord>();
  const senderKeys = new Map<string, LS.SenderKeyRecord>();
  const sessionStore = new (class extends ls.SessionStore {
    async saveSession(a: LS.ProtocolAddress, r: LS.SessionRecord) { sessions.set(k(a), r); }
    async getSession(a: LS.ProtocolAddress) { return sessions.get(k(a)) ?? null; }
    async getExistingSessions(as: LS.ProtocolAddress[]) { return as.map((a) => sessions.get(k(a))!); }
  })();
  const identityStore = new (class extends ls.IdentityKeyStore {
    async getIdentityKey() { return identityKey; }
    async getLocalRegistrationId() { return 77; }
    async saveIdentity(a: LS.ProtocolAddress, key: LS.PublicKey) { idents.set(k(a), key); return ls.IdentityChange.NewOrUnchanged; }
    async isTrustedIdentity() { return true; }
    async getIdentity(a: LS.ProtocolAddress) { return idents.get(k(a)) ?? null; }
  })();
  const preKeyStore = new (class extends ls.PreKeyStore {
    async savePreKey(id: number, r: LS.PreKeyRecord) { preKeys.set(id, r); }
    async getPreKey(id: number) { return preKeys.get(id)!; }
    async removePreKey() {}
  })();
  const signedStore = new (class extends ls.SignedPreKeyStore {
    async saveSignedPreKey(id: number, r: LS.SignedPreKeyRecord) { signed.set(id, r); }
    async getSignedPreKey(id: number) { return signed.get(id)!; }
  })();
  const kyberStore = new (class extends ls.KyberPreKeyStore {
    async saveKyberPreKey(id: number, r: LS.KyberPreKeyRecord) { kyber.set(id, r); }
    async getKyberPreKey(id: number) { return kyber.get(id)!; }
    async markKyberPreKeyUsed() {}
  })();
  const senderKeyStore = new (class extends ls.SenderKeyStore {
    async saveSenderKey(s: LS.ProtocolAddress, d: string, r: LS.SenderKeyRecord) { senderKeys.set(`${k(s)}/${d}`, r); }
    async getSenderKey(s: LS.ProtocolAddress, d: string) { return senderKeys.get(`${k(s)}/${d}`) ?? null; }
  })();
  const address = ls.ProtocolAddress.new(name, 1);
  /** A bundle whose prekeys stay valid (the store never removes them), so setup can be repeated. */
  const bundle = (): LS.PreKeyBundle => {
    const spk = ls.PrivateKey.generate();
    const spkSig = identityKey.sign(spk.getPublicKey().serialize());
    signed.set(1, ls.SignedPreKeyRecord.new(1, 0, spk.getPublicKey(), spk, spkSig));
    const kem = ls.KEMKeyPair.generate();
    const kemSig = identityKey.sign(kem.getPublicKey().serialize());
    kyber.set(1, ls.KyberPreKeyRecord.new(1, 0, kem, kemSig));
    const opk = ls.PrivateKey.generate();
    preKeys.set(1, ls.PreKeyRecord.new(1, opk.getPublicKey(), opk));
    return ls.PreKeyBundle.new(77, 1, 1, opk.getPublicKey(), 1, spk.getPublicKey(), spkSig, identityKey.getPublicKey(), 1, kem.getPublicKey(), kemSig);
  };
  return { address, identityKey, sessions, sessionStore, identityStore, preKeyStore, signedStore, kyberStore, senderKeyStore, bundle };
}
