// The primitive floor: what a path-update commit must at least cost with OpenSSL through node:crypto,
// measured in the same run, counting every public-key and key-derivation primitive RFC 9420 requires:
// - the committer's new leaf: path_secret[0] -> node_secret (DeriveSecret, §7.4) -> DeriveKeyPair (RFC
//   9180 §7.1.3: LabeledExtract + LabeledExpand, then the X25519 public key), and the new LeafNode's
//   signature (§7.2);
// - each of the d = ceil(log2 N) nodes of its filtered direct path: path_secret[n] = DeriveSecret(
//   path_secret[n-1], "path"), node_secret = DeriveSecret(path_secret[n], "node"), DeriveKeyPair; and
//   one HPKE encryption of the path secret per node of its copath child's resolution (§7.6): one per
//   node in a copath-filled tree, N-1 in all in a tree without parent nodes;
// - the commit's signature (§6.1), and the new epoch's key schedule: commit_secret, joiner, epoch and
//   the nine epoch secrets, confirmation tag (§8): 14 HKDF/HMAC calls.
// One HPKE base-mode encryption (RFC 9180 §5.1) is composed as: an ephemeral X25519 key pair, one X25519
// DH, three HKDF calls (the KEM's ExtractAndExpand, then the key schedule's secret, key and nonce) and
// one AES-128-GCM seal of a 32-byte path secret. Hashing (tree hash, transcript hash) and encoding are
// left out: the floor is a lower bound.
import { createCipheriv, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, sign } from 'node:crypto';
import { Bench } from 'tinybench';

export interface Floor {
  /** Mean milliseconds of each primitive. */
  readonly primitives: Readonly<Record<'x25519Keygen' | 'x25519Dh' | 'hkdf' | 'aesGcm' | 'ed25519Sign', number>>;
  /** One HPKE encryption, composed. */
  readonly hpkeMs: number;
  readonly signMs: number;
  /** DeriveKeyPair (two HKDF calls and an X25519 public key) plus the two DeriveSecrets of a path node. */
  readonly pathNodeMs: number;
  /** The leaf's key pair and signature, the commit's signature and the epoch's key schedule. */
  readonly fixedMs: number;
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
  const deriveKeyPair = primitives.x25519Keygen + 2 * primitives.hkdf;
  return {
    primitives,
    hpkeMs: primitives.x25519Keygen + primitives.x25519Dh + 3 * primitives.hkdf + primitives.aesGcm,
    signMs: primitives.ed25519Sign,
    pathNodeMs: deriveKeyPair + 2 * primitives.hkdf,
    fixedMs: deriveKeyPair + primitives.hkdf + 2 * primitives.ed25519Sign + 14 * primitives.hkdf,
  };
}

const depth = (n: number) => Math.max(1, Math.ceil(Math.log2(n)));

/** A path-update commit in a copath-filled tree: d path nodes, one HPKE encryption each. */
export function floorMs(floor: Floor, n: number): number {
  return depth(n) * (floor.pathNodeMs + floor.hpkeMs) + floor.fixedMs;
}

/** A path-update commit in a tree without parent nodes: d path nodes, N-1 HPKE encryptions. */
export function sparseFloorMs(floor: Floor, n: number): number {
  return depth(n) * floor.pathNodeMs + Math.max(1, n - 1) * floor.hpkeMs + floor.fixedMs;
}
