import type { NodeId, SimTime } from '../core/index.ts';
import {
  attestKey,
  createVerifier,
  hierarchical,
  providerId,
  providerSigner,
  verifyAttestation,
  type Identifier,
  type KeyVerifier,
  type ProviderSigner,
  type RandomBytes,
} from '../identity/index.ts';
import { keyPackageFields } from '../mls/keyPackageFields.ts';

export type VerificationKind = 'none' | 'tofu' | 'provider-attested';

/** A credential identity (a device id `provA/u3/d0`) as a hierarchical name, `u3.d0@provA`. */
export function credentialIdentifier(device: string): Identifier {
  const [provider, user, dev] = device.split('/');
  return hierarchical(`${user}.${dev}`, provider!);
}

/**
 * The trust baseline before key transparency: each device checks every KeyPackage it is handed for a
 * contact against its verification mode: none, trust on first use (a changed signature key raises
 * the "safety number changed" warning), or an attestation by the contact's home provider, an Ed25519
 * signature over (identity, signature key, provider, time). Providers' public keys are the trust
 * store every client holds. Verifiers are values: each device keeps its own pins.
 */
export class KeyTrust {
  private readonly signers = new Map<NodeId, ProviderSigner>();
  private readonly verifiers = new Map<NodeId, KeyVerifier>();
  private readonly trust = new Map<ReturnType<typeof providerId>, Uint8Array>();
  accepted = 0;
  keyChangeWarnings = 0;
  rejected = 0;
  readonly rejectReasons: Record<string, number> = {};

  constructor(
    readonly mode: VerificationKind,
    providers: readonly NodeId[],
    keyBytes: (provider: NodeId) => RandomBytes,
  ) {
    for (const p of providers) {
      const signer = providerSigner(providerId(p), keyBytes(p));
      this.signers.set(p, signer);
      this.trust.set(signer.provider, signer.publicKey);
    }
  }

  /** The home provider's attestation of a KeyPackage it serves: issuedAt (u64 µs) then the signature. */
  attest(provider: NodeId, keyPackage: Uint8Array, at: SimTime): Uint8Array {
    const signer = this.signers.get(provider);
    const f = keyPackageFields(keyPackage);
    if (this.mode !== 'provider-attested' || signer === undefined || f?.identity === undefined) return new Uint8Array(0);
    const a = attestKey(signer, credentialIdentifier(f.identity), f.signatureKey, at);
    const out = new Uint8Array(8 + a.signature.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(a.issuedAt));
    out.set(a.signature, 8);
    return out;
  }

  /** A device's verdict on a KeyPackage claimed for `claimed` from `home`: add it or not. */
  check(viewer: NodeId, claimed: NodeId, home: NodeId, keyPackage: Uint8Array, attestation: Uint8Array | undefined, at: SimTime): boolean {
    const f = keyPackageFields(keyPackage);
    if (f === undefined || f.identity !== claimed) return this.reject('identity-mismatch');
    if (this.mode === 'none') return this.accept();
    const contact = credentialIdentifier(claimed);
    let parsed: { issuedAt: SimTime; signature: Uint8Array } | undefined;
    if (attestation !== undefined && attestation.length > 8) {
      parsed = { issuedAt: Number(new DataView(attestation.buffer, attestation.byteOffset).getBigUint64(0)) as SimTime, signature: attestation.subarray(8) };
    }
    const record = {
      identity: contact,
      provider: providerId(home),
      signatureKey: f.signatureKey,
      keyPackageRefs: [],
      publishedAt: at,
      attestation: parsed && { provider: providerId(home), ...parsed },
    };
    let verifier = this.verifiers.get(viewer);
    if (verifier === undefined) {
      verifier = createVerifier(this.mode === 'tofu' ? { kind: 'tofu', onChange: 'repin' } : { kind: 'provider-attested', trust: this.trust });
    }
    const { verdict, verifier: next } = verifier.verify({ viewer, contact, home: providerId(home), record, at });
    this.verifiers.set(viewer, next);
    switch (verdict.kind) {
      case 'accepted':
        return this.accept();
      case 'key-changed':
        this.keyChangeWarnings++;
        return verdict.repinned ? this.accept() : this.reject('key-changed');
      case 'rejected':
        return this.reject(verdict.reason);
    }
  }

  /** Checks an attestation directly (for audits and tests). */
  verifies(home: NodeId, claimed: NodeId, signatureKey: Uint8Array, attestation: Uint8Array): boolean {
    const key = this.trust.get(providerId(home));
    if (key === undefined || attestation.length <= 8) return false;
    const issuedAt = Number(new DataView(attestation.buffer, attestation.byteOffset).getBigUint64(0)) as SimTime;
    return verifyAttestation(key, credentialIdentifier(claimed), signatureKey, { provider: providerId(home), issuedAt, signature: attestation.subarray(8) });
  }

  private accept(): true {
    this.accepted++;
    return true;
  }

  private reject(reason: string): false {
    this.rejected++;
    this.rejectReasons[reason] = (this.rejectReasons[reason] ?? 0) + 1;
    return false;
  }
}
