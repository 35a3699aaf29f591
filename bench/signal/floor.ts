// The primitive floor for the Signal operations: what each must at least cost, composed from the
// node:crypto primitives it is built on, measured in the same run (BATCH calls per sample so the
// harness stays out of it). node 20 has no ML-KEM, so the KEM in the floor is the same @noble
// Kyber-1024 the engine uses; XEdDSA's check is an Ed25519 verification (node:crypto), its signing
// is counted as one Ed25519 signature.
import { createCipheriv, createDecipheriv, createHmac, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, sign, verify } from 'node:crypto';
import { kemDecapsulate, kemEncapsulate, kemKeyPair } from '../../sim/signal/kem.ts';

export type Primitive = 'x25519Keygen' | 'x25519Dh' | 'hmac' | 'hkdf' | 'aesCbcEnc' | 'aesCbcDec' | 'ed25519Sign' | 'ed25519Verify' | 'kemEncaps' | 'kemDecaps';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU time (see signalBench.ts): median over 5 rounds of the mean of BATCH-call runs lasting about minMs / 5 each. */
function time(f: () => void, minMs: number): number {
  const BATCH = 32;
  for (let i = 0; i < BATCH; i++) f();
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    let n = 0;
    const t0 = cpuMs();
    let t = t0;
    while (t - t0 < minMs / 5) {
      for (let i = 0; i < BATCH; i++) f();
      n += BATCH;
      t = cpuMs();
    }
    rounds.push((t - t0) / n);
  }
  return rounds.sort((a, b) => a - b)[2]!;
}

export function measurePrimitives(minMs: number): Record<Primitive, number> {
  const a = generateKeyPairSync('x25519');
  const b = generateKeyPairSync('x25519');
  const signer = generateKeyPairSync('ed25519');
  const key32 = randomBytes(32);
  const iv = randomBytes(16);
  const msg = randomBytes(100);
  const c = createCipheriv('aes-256-cbc', key32, iv);
  const ct = Buffer.concat([c.update(msg), c.final()]);
  const tbs = randomBytes(150);
  const sig = sign(null, tbs, signer.privateKey);
  const kem = kemKeyPair(randomBytes(64));
  const enc = kemEncapsulate(kem.publicKey, randomBytes(32))!;
  return {
    x25519Keygen: time(() => generateKeyPairSync('x25519'), minMs),
    x25519Dh: time(() => diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey }), minMs),
    hmac: time(() => createHmac('sha256', key32).update(msg).digest(), minMs),
    hkdf: time(() => hkdfSync('sha256', key32, key32, 'WhisperMessageKeys', 80), minMs),
    aesCbcEnc: time(() => {
      const e = createCipheriv('aes-256-cbc', key32, iv);
      e.update(msg);
      e.final();
    }, minMs),
    aesCbcDec: time(() => {
      const d = createDecipheriv('aes-256-cbc', key32, iv);
      d.update(ct);
      d.final();
    }, minMs),
    ed25519Sign: time(() => sign(null, tbs, signer.privateKey), minMs),
    ed25519Verify: time(() => verify(null, tbs, signer.publicKey, sig), minMs),
    kemEncaps: time(() => kemEncapsulate(kem.publicKey, key32), minMs),
    kemDecaps: time(() => kemDecapsulate(kem.secretKey, enc.ciphertext), minMs),
  };
}

/** What each Signal operation is made of (counts of primitives). */
export const RECIPES: Readonly<Record<string, Partial<Record<Primitive, number>>>> = {
  // 2 signature checks, base + ratchet key pairs, 4 PQXDH DHs + 1 ratchet DH, KEM, 2 HKDFs.
  'initiate (bundle)': { ed25519Verify: 2, x25519Keygen: 2, x25519Dh: 5, kemEncaps: 1, hkdf: 2 },
  // 4 PQXDH DHs, KEM, HKDF; DH ratchet step (key pair, 2 DHs, 2 HKDFs); then one message decrypt.
  'accept (first message)': { x25519Dh: 6, kemDecaps: 1, hkdf: 4, x25519Keygen: 1, hmac: 3, aesCbcDec: 1 },
  // message-key seed, next chain key, message keys, AES, MAC.
  'encrypt 100 B': { hmac: 3, hkdf: 1, aesCbcEnc: 1 },
  'decrypt 100 B': { hmac: 3, hkdf: 1, aesCbcDec: 1 },
  // A DH ratchet step (key pair, 2 DHs, 2 HKDFs) and then the decrypt.
  'decrypt (new chain)': { x25519Keygen: 1, x25519Dh: 2, hkdf: 3, hmac: 3, aesCbcDec: 1 },
  // A signing key pair.
  'sender key create': { x25519Keygen: 1 },
  'group encrypt 100 B': { hmac: 2, hkdf: 1, aesCbcEnc: 1, ed25519Sign: 1 },
  'group decrypt 100 B': { hmac: 2, hkdf: 1, aesCbcDec: 1, ed25519Verify: 1 },
};

export function floorOf(op: string, p: Record<Primitive, number>): number | undefined {
  const r = RECIPES[op];
  if (!r) return undefined;
  let ms = 0;
  for (const [k, n] of Object.entries(r)) ms += p[k as Primitive] * n!;
  return ms;
}
