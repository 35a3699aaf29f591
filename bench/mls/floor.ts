// The primitive floor: what a path-update commit must at least cost with OpenSSL through node:crypto,
// measured in the same run. A commit in a tree whose copath is filled encrypts one path secret per
// copath node (ceil(log2 N) HPKE encryptions, RFC 9420 §7.6) and signs once (§6.1). One HPKE base-mode
// encryption (RFC 9180 §5.1) is composed as: an ephemeral X25519 key pair, one X25519 DH, three
// HKDF calls (the KEM's ExtractAndExpand, then the key schedule's secret, key and nonce) and one
// AES-128-GCM seal of a 32-byte path secret.
import { createCipheriv, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, sign } from 'node:crypto';
import { Bench } from 'tinybench';

export interface Floor {
  /** Mean milliseconds of each primitive. */
  readonly primitives: Readonly<Record<'x25519Keygen' | 'x25519Dh' | 'hkdf' | 'aesGcm' | 'ed25519Sign', number>>;
  /** One HPKE encryption, composed. */
  readonly hpkeMs: number;
  readonly signMs: number;
}

export async function measureFloor(timeMs: number): Promise<Floor> {
  const recipient = generateKeyPairSync('x25519');
  const eph = generateKeyPairSync('x25519');
  const signer = generateKeyPairSync('ed25519');
  const ikm = randomBytes(32);
  const key = randomBytes(16);
  const iv = randomBytes(12);
  const secret = randomBytes(32);
  const aad = randomBytes(64);
  const tbs = randomBytes(300); // about a FramedContentTBS with a small commit
  // Each sample runs a primitive BATCH times, so the harness's own per-call cost stays out of it.
  const BATCH = 32;
  const batch = (f: () => void) => () => {
    for (let i = 0; i < BATCH; i++) f();
  };
  const bench = new Bench({ time: timeMs, warmupTime: timeMs / 4 });
  bench
    .add('x25519Keygen', batch(() => generateKeyPairSync('x25519')))
    .add('x25519Dh', batch(() => diffieHellman({ privateKey: eph.privateKey, publicKey: recipient.publicKey })))
    .add('hkdf', batch(() => hkdfSync('sha256', ikm, ikm, aad, 32)))
    .add(
      'aesGcm',
      batch(() => {
        const c = createCipheriv('aes-128-gcm', key, iv);
        c.setAAD(aad);
        c.update(secret);
        c.final();
        c.getAuthTag();
      }),
    )
    .add('ed25519Sign', batch(() => sign(null, tbs, signer.privateKey)));
  await bench.run();
  const ms = (name: string) => {
    const r = bench.getTask(name)?.result;
    if (r === undefined || !('latency' in r)) throw new Error(`floor: ${name} did not complete`);
    return r.latency.mean / BATCH;
  };
  const primitives = { x25519Keygen: ms('x25519Keygen'), x25519Dh: ms('x25519Dh'), hkdf: ms('hkdf'), aesGcm: ms('aesGcm'), ed25519Sign: ms('ed25519Sign') };
  return {
    primitives,
    hpkeMs: primitives.x25519Keygen + primitives.x25519Dh + 3 * primitives.hkdf + primitives.aesGcm,
    signMs: primitives.ed25519Sign,
  };
}

/** ceil(log2 N) HPKE encryptions and one signature: a path-update commit in a copath-filled tree. */
export function floorMs(floor: Floor, n: number): number {
  return Math.max(1, Math.ceil(Math.log2(n))) * floor.hpkeMs + floor.signMs;
}

/** N-1 HPKE encryptions and one signature: a path-update commit in a tree without parent nodes. */
export function sparseFloorMs(floor: Floor, n: number): number {
  return Math.max(1, n - 1) * floor.hpkeMs + floor.signMs;
}
