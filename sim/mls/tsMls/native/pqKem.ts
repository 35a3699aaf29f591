// The post-quantum KEMs of the MLS suites, in the native provider: ML-KEM (FIPS 203) from
// @noble/post-quantum, synchronous, and X-Wing (draft-connolly-cfrg-xwing-kem, as @hpke/hybridkem-x-wing
// implements it) built from that ML-KEM-768, OpenSSL's X25519 and SHA-3. Key formats follow @hpke, so
// keys and ciphertexts are interchangeable with the stock provider: an ML-KEM private key is its 64-byte
// seed d || z, an X-Wing private key its 32-byte seed. Expanding a seed into decapsulation keys costs a
// full key generation, so expansions are remembered per seed.
import { createHash } from 'node:crypto';
import { ml_kem1024, ml_kem512, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { KeyCache } from './keyCache.ts';
import { x25519 } from './kem.ts';
import type { SyncKem } from './kem.ts';

type NobleKem = typeof ml_kem768;

const u8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** ML-KEM-512/768/1024 as @hpke/ml-kem does it: DeriveKeyPair(ikm) takes the 64-byte seed itself. */
export function mlKem(level: 512 | 768 | 1024): SyncKem {
  const kem: NobleKem = level === 512 ? ml_kem512 : level === 768 ? ml_kem768 : ml_kem1024;
  const id = level === 512 ? 0x0040 : level === 768 ? 0x0041 : 0x0042;
  const expanded = new KeyCache<{ publicKey: Uint8Array; secretKey: Uint8Array }>(1024);
  const keys = (seed: Uint8Array) => {
    if (seed.length !== 64) throw new Error(`ML-KEM-${level}: seed must be 64 bytes, got ${seed.length}`);
    return expanded.get(seed, (s) => kem.keygen(s));
  };
  const publicKeySize = kem.keygen(new Uint8Array(64)).publicKey.length;
  return {
    id,
    name: `ML-KEM-${level}`,
    publicKeySize,
    privateKeySize: 64,
    deriveKeyPair(ikm) {
      return { sk: ikm.slice(), pk: keys(ikm).publicKey.slice() };
    },
    encap(pkR, ekm) {
      if (ekm.length !== 32) throw new Error(`ML-KEM-${level}: ekm must be 32 bytes`);
      const r = kem.encapsulate(pkR, ekm);
      return { sharedSecret: r.sharedSecret, enc: r.cipherText };
    },
    decap(enc, skR) {
      return kem.decapsulate(enc, keys(skR).secretKey);
    },
  };
}

const XWING_LABEL = Uint8Array.of(0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c); // "\.//^\"

export function xWing(): SyncKem {
  const dh = x25519();
  const expanded = new KeyCache<{ skM: Uint8Array; pkM: Uint8Array; skX: Uint8Array; pkX: Uint8Array }>(1024);
  // sk is a 32-byte seed: SHAKE256(sk, 96) gives the ML-KEM-768 seed (64) and the X25519 key (32).
  const expand = (sk: Uint8Array) =>
    expanded.get(sk, (s) => {
      const e = u8(createHash('shake256', { outputLength: 96 }).update(s).digest());
      const m = ml_kem768.keygen(e.subarray(0, 64));
      const skX = e.slice(64, 96);
      return { skM: m.secretKey, pkM: m.publicKey, skX, pkX: dh.publicOf(skX) };
    });
  const combiner = (ssM: Uint8Array, ssX: Uint8Array, ctX: Uint8Array, pkX: Uint8Array) =>
    u8(createHash('sha3-256').update(ssM).update(ssX).update(ctX).update(pkX).update(XWING_LABEL).digest());
  return {
    id: 0x647a,
    name: 'X-Wing',
    publicKeySize: 1216,
    privateKeySize: 32,
    deriveKeyPair(ikm) {
      const sk = u8(createHash('shake256', { outputLength: 32 }).update(ikm).digest());
      const k = expand(sk);
      const pk = new Uint8Array(1216);
      pk.set(k.pkM);
      pk.set(k.pkX, 1184);
      return { sk, pk };
    },
    encap(pkR, ekm) {
      if (pkR.length !== 1216) throw new Error('X-Wing: public key must be 1216 bytes');
      if (ekm.length !== 64) throw new Error('X-Wing: ekm must be 64 bytes');
      const pkX = pkR.subarray(1184);
      const ekX = ekm.subarray(32, 64);
      const ctX = dh.publicOf(ekX);
      const ssX = dh.shared(ekX, pkX);
      const m = ml_kem768.encapsulate(pkR.subarray(0, 1184), ekm.subarray(0, 32));
      const enc = new Uint8Array(1120);
      enc.set(m.cipherText);
      enc.set(ctX, 1088);
      return { sharedSecret: combiner(m.sharedSecret, ssX, ctX, pkX), enc };
    },
    decap(enc, skR) {
      if (enc.length !== 1120) throw new Error('X-Wing: enc must be 1120 bytes');
      if (skR.length !== 32) throw new Error('X-Wing: private key must be 32 bytes');
      const k = expand(skR);
      const ctX = enc.subarray(1088);
      const ssM = ml_kem768.decapsulate(enc.subarray(0, 1088), k.skM);
      return combiner(ssM, dh.shared(k.skX, ctX), ctX, k.pkX);
    },
  };
}
