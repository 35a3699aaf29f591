import type { SimTime } from '../../core/index.ts';
import type { Identifier } from '../identifier.ts';
import type { ProviderId } from '../providerId.ts';
import { verifyEd25519, type ProviderSigner } from './ed25519.ts';
import { encodeKeyBinding } from './keyBinding.ts';

/** A provider's signature over a key binding: the baseline that KT logs later strengthen. */
export interface Attestation {
  readonly provider: ProviderId;
  readonly issuedAt: SimTime;
  readonly signature: Uint8Array;
}

/** Raw Ed25519 public keys of the providers a verifier trusts, as distributed out of band. */
export type ProviderTrustStore = ReadonlyMap<ProviderId, Uint8Array>;

export function attestKey(signer: ProviderSigner, identity: Identifier, signatureKey: Uint8Array, issuedAt: SimTime): Attestation {
  const signature = signer.sign(encodeKeyBinding({ identity, signatureKey, provider: signer.provider, issuedAt }));
  return { provider: signer.provider, issuedAt, signature };
}

/** True when `providerKey` signed exactly this identity, key, provider and time. */
export const verifyAttestation = (providerKey: Uint8Array, identity: Identifier, signatureKey: Uint8Array, a: Attestation): boolean =>
  verifyEd25519(providerKey, encodeKeyBinding({ identity, signatureKey, provider: a.provider, issuedAt: a.issuedAt }), a.signature);
