// HPKE base mode (RFC 9180 §5.1, §5.2, §5.3) for ts-mls's Hpke interface: key schedule on OpenSSL's
// HMAC, AEAD on OpenSSL, the KEM from kem.ts. Single-shot seal/open only, as MLS uses HPKE (RFC 9420
// §5.1.3 EncryptWithLabel, §8 external init export). `seal` and `exportSecret` with explicit ephemeral
// keying material are what the engine's seeded wrapper calls; the plain ones refuse.
import type { HpkeAlgorithm, Hpke, PrivateKey, PublicKey } from 'ts-mls';
import { CryptoError } from 'ts-mls/mlsError.js';
import { EngineBug } from '../engineBug.ts';
import type { SyncAead } from './nativeAead.ts';
import { concat, expand, hashSize, hmac, type NodeHashName } from './nativeHash.ts';
import type { SyncKem } from './kem.ts';

export interface EkmHpke {
  readonly hpke: Hpke;
  seal(pk: PublicKey, plaintext: Uint8Array, info: Uint8Array, aad: Uint8Array, ekm: Uint8Array): Promise<{ ct: Uint8Array; enc: Uint8Array }>;
  exportSecret(pk: PublicKey, context: Uint8Array, length: number, info: Uint8Array, ekm: Uint8Array): Promise<{ enc: Uint8Array; secret: Uint8Array }>;
}

interface RawKey {
  readonly type: 'public' | 'private';
  readonly algorithm: { readonly name: string };
  readonly raw: Uint8Array;
}

const KDF_ID = { 'HKDF-SHA256': 1, 'HKDF-SHA384': 2, 'HKDF-SHA512': 3 } as const;
const AEAD_ID = { AES128GCM: 1, AES256GCM: 2, CHACHA20POLY1305: 3 } as const;
const KDF_HASH = { 'HKDF-SHA256': 'sha256', 'HKDF-SHA384': 'sha384', 'HKDF-SHA512': 'sha512' } as const;

const te = new TextEncoder();
const HPKE_V1 = te.encode('HPKE-v1');
const EMPTY = new Uint8Array(0);
const L = Object.fromEntries(['psk_id_hash', 'info_hash', 'secret', 'key', 'base_nonce', 'exp', 'sec'].map((l) => [l, te.encode(l)])) as Record<string, Uint8Array>;

const cat = concat;

export function nativeHpke(alg: HpkeAlgorithm, kem: SyncKem, aead: SyncAead): EkmHpke {
  const h: NodeHashName = KDF_HASH[alg.kdf];
  const nh = hashSize(h);
  const suiteId = cat(te.encode('HPKE'), u16(kem.id), u16(KDF_ID[alg.kdf]), u16(AEAD_ID[alg.aead]));
  const labeledExtract = (salt: Uint8Array, label: Uint8Array, ikm: Uint8Array) => hmac(h, salt, HPKE_V1, suiteId, label, ikm);
  const labeledExpand = (prk: Uint8Array, label: Uint8Array, info: Uint8Array, len: number) =>
    expand(h, prk, cat(u16(len), HPKE_V1, suiteId, label, info), len);
  const pskIdHash = labeledExtract(EMPTY, L.psk_id_hash!, EMPTY);

  // A Welcome encrypts to every joiner with the same info: the whole encrypted GroupInfo, ratchet tree
  // included (RFC 9420 §12.4.3.1), ~100 KB at 512 members. Comparing it with the last one is far
  // cheaper than hashing it again.
  let lastInfo: Buffer | undefined;
  let lastInfoHash: Uint8Array | undefined;
  const infoHash = (info: Uint8Array): Uint8Array => {
    if (info.length < 1024) return labeledExtract(EMPTY, L.info_hash!, info);
    const b = Buffer.from(info.buffer, info.byteOffset, info.byteLength);
    if (lastInfo !== undefined && lastInfoHash !== undefined && lastInfo.equals(b)) return lastInfoHash;
    lastInfoHash = labeledExtract(EMPTY, L.info_hash!, info);
    lastInfo = Buffer.from(b);
    return lastInfoHash;
  };

  // §5.1 KeySchedule for mode_base, psk = psk_id = "".
  const schedule = (sharedSecret: Uint8Array, info: Uint8Array) => {
    const context = cat(Uint8Array.of(0), pskIdHash, infoHash(info));
    const secret = labeledExtract(sharedSecret, L.secret!, EMPTY);
    return { secret, context };
  };
  const keyAndNonce = (sharedSecret: Uint8Array, info: Uint8Array) => {
    const { secret, context } = schedule(sharedSecret, info);
    return { key: labeledExpand(secret, L.key!, context, aead.keyLength), nonce: labeledExpand(secret, L.base_nonce!, context, aead.nonceLength) };
  };
  const exporter = (sharedSecret: Uint8Array, info: Uint8Array, exporterContext: Uint8Array, length: number) => {
    const { secret, context } = schedule(sharedSecret, info);
    return labeledExpand(labeledExpand(secret, L.exp!, context, nh), L.sec!, exporterContext, length);
  };

  const key = (type: RawKey['type'], given: Uint8Array): RawKey => {
    const raw = type === 'private' && kem.normalizePrivate !== undefined ? kem.normalizePrivate(given) : given;
    const size = type === 'public' ? kem.publicKeySize : kem.privateKeySize;
    if (raw.length !== size) throw new CryptoError(`${kem.name}: ${type} key must be ${size} bytes, got ${raw.length}`);
    return { type, algorithm: { name: kem.name }, raw: raw.slice() };
  };
  const rawOf = (k: unknown, type: RawKey['type']): Uint8Array => {
    const r = k as Partial<RawKey>;
    if (r?.type !== type || r.algorithm?.name !== kem.name || !(r.raw instanceof Uint8Array)) throw new CryptoError(`${kem.name}: not a ${type} key of this suite`);
    return r.raw;
  };
  const asPublic = (r: RawKey) => r as unknown as PublicKey;
  const asPrivate = (r: RawKey) => r as unknown as PrivateKey;
  const guard = async <T>(f: () => T | Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof CryptoError || e instanceof EngineBug) throw e;
      throw new CryptoError(e instanceof Error ? e.message : String(e));
    }
  };
  const unseeded = (): never => {
    throw new EngineBug(`${kem.name}: HPKE encryption without seeded ephemeral keying material`);
  };

  const hpke: Hpke = {
    async open(privateKey, kemOutput, ciphertext, info, aad) {
      return guard(async () => {
        const ss = await kem.decap(kemOutput, rawOf(privateKey, 'private'));
        const { key: k, nonce } = keyAndNonce(ss, info);
        return aead.open(k, nonce, aad ?? EMPTY, ciphertext);
      });
    },
    seal: unseeded,
    exportSecret: unseeded,
    async importSecret(privateKey, exporterContext, kemOutput, length, info) {
      return guard(async () => exporter(await kem.decap(kemOutput, rawOf(privateKey, 'private')), info, exporterContext, length));
    },
    async importPrivateKey(k) {
      return asPrivate(key('private', k));
    },
    async importPublicKey(k) {
      return asPublic(key('public', k));
    },
    async exportPublicKey(k) {
      return rawOf(k, 'public').slice();
    },
    async exportPrivateKey(k) {
      return rawOf(k, 'private').slice();
    },
    async encryptAead(k, nonce, aad, plaintext) {
      return aead.seal(k, nonce, aad ?? EMPTY, plaintext);
    },
    async decryptAead(k, nonce, aad, ciphertext) {
      return aead.open(k, nonce, aad ?? EMPTY, ciphertext);
    },
    async deriveKeyPair(ikm) {
      const kp = await kem.deriveKeyPair(ikm);
      return { privateKey: asPrivate(key('private', kp.sk)), publicKey: asPublic(key('public', kp.pk)) };
    },
    generateKeyPair: unseeded,
    keyLength: aead.keyLength,
    nonceLength: aead.nonceLength,
  };
  return {
    hpke,
    async seal(pk, plaintext, info, aad, ekm) {
      const { sharedSecret, enc } = await kem.encap(rawOf(pk, 'public'), ekm);
      const { key: k, nonce } = keyAndNonce(sharedSecret, info);
      return { ct: aead.seal(k, nonce, aad, plaintext), enc };
    },
    async exportSecret(pk, context, length, info, ekm) {
      const { sharedSecret, enc } = await kem.encap(rawOf(pk, 'public'), ekm);
      return { enc, secret: exporter(sharedSecret, info, context, length) };
    },
  };
}

function u16(n: number): Uint8Array {
  return Uint8Array.of(n >> 8, n & 0xff);
}
