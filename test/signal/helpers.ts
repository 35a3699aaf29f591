// Shared by the Signal tests: seeded byte sources, a native device, and helpers to assert results.
import { seededBytes, text, utf8 } from '../helpers/seededBytes.ts';
import assert from 'node:assert/strict';
import type { IdentityKeys, PreKeyBundle, PreKeyStore, PreKeyUpload, Rejected, SignalEngine } from '../../sim/signal/engine.ts';

export { seededBytes, text, utf8 };

export function expectOk<T extends { kind: string }>(r: T | Rejected): Exclude<T, Rejected> {
  if (r.kind === 'rejected') assert.fail(`expected ok, got rejected ${(r as Rejected).reason}: ${(r as Rejected).detail}`);
  return r as Exclude<T, Rejected>;
}

export function expectRejected(r: { kind: string }, reason: Rejected['reason']): Rejected {
  assert.equal(r.kind, 'rejected', 'expected a rejection');
  assert.equal((r as Rejected).reason, reason, (r as Rejected).detail);
  return r as Rejected;
}

/** A native device with prekeys; `bundle()` claims one-time prekeys in order, like a directory. */
export class NativeDevice {
  identity: IdentityKeys;
  preKeys: PreKeyStore;
  upload: PreKeyUpload;
  private claimed = 0;
  private claimedKyber = 0;
  constructor(
    readonly engine: SignalEngine,
    seed: string,
    oneTime = 4,
  ) {
    this.identity = engine.createIdentity({ randomBytes: seededBytes(seed) });
    const ids = Array.from({ length: oneTime }, (_, i) => 100 + i);
    const r = engine.createPreKeys(this.identity, { signedPreKeyId: 1, oneTimePreKeyIds: ids, kyberPreKeyIds: ids, lastResortKyberPreKeyId: 9999 });
    this.preKeys = r.preKeys;
    this.upload = r.upload;
  }
  bundle(deviceId = 1): PreKeyBundle {
    const u = this.upload;
    const opk = u.oneTimePreKeys[this.claimed++];
    const kyber = u.kyberPreKeys[this.claimedKyber++] ?? u.lastResortKyberPreKey;
    return { identityKey: u.identityKey, registrationId: u.registrationId, deviceId, signedPreKey: u.signedPreKey, ...(opk ? { oneTimePreKey: opk } : {}), kyberPreKey: kyber };
  }
}

/** A random-looking RFC 4122 version-4 UUID as 16 bytes (libsignal's JS layer checks the bits). */
export function distributionIdFrom(seed: string): Uint8Array {
  const b = Uint8Array.from(seededBytes(seed)(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return b;
}
