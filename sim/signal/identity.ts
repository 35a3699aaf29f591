// The internal shape of an identity handle: identity key pair, its XEdDSA form, registration id, randomness.
import type { RandomBytes } from './engine.ts';
import type { X25519KeyPair } from './primitives.ts';
import type { XedSigningKey } from './xeddsa.ts';

export interface IdentityData {
  readonly keyPair: X25519KeyPair;
  readonly signingKey: XedSigningKey;
  /** Serialized (33 bytes). */
  readonly publicKey: Uint8Array;
  readonly registrationId: number;
  readonly randomBytes: RandomBytes;
}
