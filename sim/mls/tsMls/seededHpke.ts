// HPKE whose sender side takes its ephemeral randomness from the operation's seed (RFC 9180 §4.1:
// Encap draws skE; both providers accept that keying material as `ekm`). Opening, key import/export
// and DeriveKeyPair are unchanged and deterministic already.
import type { Hpke, PublicKey } from 'ts-mls';
import { CryptoError } from 'ts-mls/mlsError.js';
import { EngineBug } from './engineBug.ts';
import type { OpRandom } from './opRandom.ts';
import type { SuiteCrypto } from './suiteCrypto.ts';

const empty = new Uint8Array(0);

export function seededHpke(sc: SuiteCrypto, r: OpRandom): Hpke {
  const { hpke, params } = sc;
  // Bind the ephemeral to the recipient key and the plaintext: within one operation every HPKE
  // encryption goes to a distinct key (RFC 9420 §7.3 keeps tree keys unique, init keys differ from
  // leaf keys) and carries a fresh secret, so no two share an ephemeral whatever their order. The
  // info (for a Welcome, the whole encrypted GroupInfo) is left out: hashing it per joiner cost more
  // than the encryption.
  const ekmFor = async (label: string, pk: PublicKey, parts: Uint8Array[]) => r.bound(label, params.ekmLength, [await hpke.exportPublicKey(pk), ...parts]);
  return {
    ...hpke,
    async seal(publicKey, plaintext, info, aad) {
      const ekm = await ekmFor('hpke seal', publicKey, [plaintext]);
      return encapsulating(params.kem, () => sc.seal(publicKey, plaintext, info, aad ?? empty, ekm));
    },
    async exportSecret(publicKey, exporterContext, length, info) {
      const ekm = await ekmFor('hpke export', publicKey, [exporterContext]);
      return encapsulating(params.kem, () => sc.exportSecret(publicKey, exporterContext, length, info, ekm));
    },
    async generateKeyPair() {
      return hpke.deriveKeyPair(r.next(params.ikmLength));
    },
  };
}

// The recipient key was imported, so a failing encapsulation is a key agreement that failed: OpenSSL
// and WebCrypto refuse a low-order point (RFC 9180 §7.1.4: an all-zero DH output is a validation
// error). Named as such so the engine rejects it as `invalid`, not as an authentication failure.
async function encapsulating<T>(kem: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof CryptoError || e instanceof EngineBug) throw e;
    throw new CryptoError(`${kem}: key agreement failed, low-order public key (RFC 9180 §7.1.4): ${e instanceof Error ? e.message : String(e)}`);
  }
}
