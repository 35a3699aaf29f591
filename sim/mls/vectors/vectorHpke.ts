// The engine's seeded HPKE for checks that encrypt: its ephemeral randomness comes from a byte source
// named by the case, so a vector run is reproducible like everything else.
import type { CiphersuiteImpl, Hpke } from 'ts-mls';
import { shake256 } from '@noble/hashes/sha3.js';
import { opRandom } from '../tsMls/opRandom.ts';
import { seededHpke } from '../tsMls/seededHpke.ts';
import type { SuiteCrypto } from '../tsMls/suiteCrypto.ts';

export function vectorRandom(seed: Uint8Array): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const i = counter++;
    return shake256(Uint8Array.of(...seed, i >>> 24, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff), { dkLen: n });
  };
}

export function vectorHpke(sc: SuiteCrypto, seed: Uint8Array): Hpke {
  return seededHpke(sc, opRandom(vectorRandom(seed)));
}

/** The suite's CiphersuiteImpl with randomness (reuse guards, HPKE ephemerals) from a byte source named by the case, as the engine's seededOp builds it for a member. */
export function vectorImpl(sc: SuiteCrypto, seed: Uint8Array): CiphersuiteImpl {
  const random = opRandom(vectorRandom(seed));
  return { ...sc.impl, rng: { randomBytes: random.next }, hpke: seededHpke(sc, random) };
}
