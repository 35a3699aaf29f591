import { sameIdentifier } from '../identifier.ts';
import { verifyAttestation, type ProviderTrustStore } from './attestation.ts';
import type { KeyObservation, KeyVerdict, KeyVerifier } from './keyVerifier.ts';

function judge(trust: ProviderTrustStore, o: KeyObservation): KeyVerdict {
  const { record } = o;
  if (!sameIdentifier(record.identity, o.contact)) return { kind: 'rejected', reason: 'identity-mismatch' };
  const a = record.attestation;
  if (a === undefined) return { kind: 'rejected', reason: 'no-attestation' };
  // Only the contact's home may vouch for it: another provider's valid signature proves nothing.
  if (a.provider !== o.home) return { kind: 'rejected', reason: 'wrong-provider' };
  const key = trust.get(o.home);
  if (key === undefined) return { kind: 'rejected', reason: 'unknown-provider' };
  return verifyAttestation(key, record.identity, record.signatureKey, a) ? { kind: 'accepted', basis: 'attested' } : { kind: 'rejected', reason: 'bad-signature' };
}

/**
 * Provider attestation: the home provider signs (identity, key, provider, time). It stops a bridge or
 * another provider from substituting keys, but not the home provider itself: that is what KT adds.
 */
export function attestedVerifier(trust: ProviderTrustStore): KeyVerifier {
  const self: KeyVerifier = { mode: 'provider-attested', verify: (o) => ({ verdict: judge(trust, o), verifier: self }) };
  return self;
}
