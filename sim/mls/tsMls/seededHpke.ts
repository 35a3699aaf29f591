// HPKE whose sender side takes its ephemeral randomness from the operation's seed (RFC 9180 §4.1:
// Encap draws skE; both providers accept that keying material as `ekm`). Opening, key import/export
// and DeriveKeyPair are unchanged and deterministic already.
import type { Hpke, PublicKey } from 'ts-mls';
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
      return sc.seal(publicKey, plaintext, info, aad ?? empty, await ekmFor('hpke seal', publicKey, [plaintext]));
    },
    async exportSecret(publicKey, exporterContext, length, info) {
      return sc.exportSecret(publicKey, exporterContext, length, info, await ekmFor('hpke export', publicKey, [exporterContext]));
    },
    async generateKeyPair() {
      return hpke.deriveKeyPair(r.next(params.ikmLength));
    },
  };
}
