// The primitive floor for the Signal operations: what each must at least cost, composed from the
// node:crypto primitives it is built on, measured in the same run (BATCH calls per sample so the
// harness stays out of it). node 20 has no ML-KEM, so the KEM in the floor is the same @noble
// Kyber-1024 the engine uses; XEdDSA's check is an Ed25519 verification (node:crypto), its signing
// is counted as one Ed25519 signature. A signing key for XEdDSA (a sender key's) is counted as an
// X25519 key pair and an Ed25519 key pair: node:crypto has no XEdDSA, so signing with a Curve25519 key
// through it takes the Ed25519 form of the key (kB with its sign bit, one fixed-base multiplication)
// besides the Montgomery form the wire carries (a second); libsignal computes the same Edwards point
// too, at every signature instead of once per key.
import { createCipheriv, createDecipheriv, createHmac, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, sign, verify } from 'node:crypto';
import { kemDecapsulate, kemEncapsulate, kemKeyPair } from '../../sim/signal/kem.ts';

export type Primitive = 'x25519Keygen' | 'ed25519Keygen' | 'x25519Dh' | 'hmac' | 'hkdf' | 'aesCbcEnc' | 'aesCbcDec' | 'ed25519Sign' | 'ed25519Verify' | 'kemEncaps' | 'kemDecaps';

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

/** One call of each primitive, on fixed inputs. */
export function primitiveCalls(): Record<Primitive, () => void> {
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
    x25519Keygen: () => void generateKeyPairSync('x25519'),
    ed25519Keygen: () => void generateKeyPairSync('ed25519'),
    x25519Dh: () => void diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey }),
    hmac: () => void createHmac('sha256', key32).update(msg).digest(),
    hkdf: () => void hkdfSync('sha256', key32, key32, 'WhisperMessageKeys', 80),
    aesCbcEnc: () => {
      const e = createCipheriv('aes-256-cbc', key32, iv);
      e.update(msg);
      e.final();
    },
    aesCbcDec: () => {
      const d = createDecipheriv('aes-256-cbc', key32, iv);
      d.update(ct);
      d.final();
    },
    ed25519Sign: () => void sign(null, tbs, signer.privateKey),
    ed25519Verify: () => void verify(null, tbs, signer.publicKey, sig),
    kemEncaps: () => void kemEncapsulate(kem.publicKey, key32),
    kemDecaps: () => void kemDecapsulate(kem.secretKey, enc.ciphertext, kem.matrix), // as a prekey store holds it
  };
}

export function measurePrimitives(minMs: number): Record<Primitive, number> {
  const calls = primitiveCalls();
  return Object.fromEntries(Object.entries(calls).map(([k, f]) => [k, time(f, minMs)])) as Record<Primitive, number>;
}

/** The floor of `op` as one call that runs its recipe's primitives (for timing beside the operation itself). */
export function floorCall(op: string, calls: Record<Primitive, () => void>): (() => void) | undefined {
  const r = RECIPES[op];
  if (!r) return undefined;
  const steps = Object.entries(r).flatMap(([k, n]) => Array.from({ length: n! }, () => calls[k as Primitive]));
  return () => {
    for (const f of steps) f();
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
  // A signing key pair: its Montgomery (wire) and Edwards (node signs with it) forms, see the header.
  'sender key create': { x25519Keygen: 1, ed25519Keygen: 1 },
  'group encrypt 100 B': { hmac: 2, hkdf: 1, aesCbcEnc: 1, ed25519Sign: 1 },
  'group decrypt 100 B': { hmac: 2, hkdf: 1, aesCbcDec: 1, ed25519Verify: 1 },
};
