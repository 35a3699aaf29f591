import { seconds, type NodeId, type SimTime } from '../core/index.ts';
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
import { ktVerifier, type KtVerifier } from '../identity/kt/index.ts';
import { sameBytes } from '../identity/keys/keyVerifier.ts';
import { contactKeyOf } from './contactKey.ts';
import { safetyNumber } from '../signal/safetyNumber.ts';
import { SIGNAL_BUNDLES } from './signal/wire.ts';
import type { GroupName, UserId } from './protocol.ts';
import type { KeyTransparency } from './keyTransparency/keyTransparency.ts';
import { decodeEvidence } from './keyTransparency/evidenceCodec.ts';
import { userOfDevice, type World } from './world.ts';

export type VerificationKind = 'none' | 'tofu' | 'provider-attested';

/** A client's verdict on one contact key, for whoever audits them (an attacker counting its detections). */
export interface KeyEvent {
  readonly viewer: NodeId;
  readonly contact: NodeId;
  readonly signatureKey: Uint8Array;
  readonly at: SimTime;
  /** `warned`: a TOFU key-change warning (the key may still be used); `held`: waiting for the user. */
  readonly verdict: 'accepted' | 'warned' | 'held' | 'rejected';
  readonly reason?: string;
}

/**
 * The client-side defenses around key discovery (scenario `defenses`), all optional:
 * - `outOfBand`: a share of users compare safety numbers with their contacts (QR code, in person); a
 *   comparison involves both people, so a pair is verified when either verifies, and then the key
 *   must be the contact's genuine one.
 * - `priorContactShare` (TOFU): the share of user pairs that talked before the run, so TOFU already
 *   pinned the contact's genuine key; a substitute then raises a key-change warning instead of being
 *   pinned on first use.
 * - `keyChange`: what a client does on that warning: `auto-resend` trusts the new key at once and
 *   (re)encrypts to it (WhatsApp-like); `block-and-warn` holds the contact's addition until the user
 *   confirms the new key, which a user does after `confirmSeconds` with probability `confirmShare`
 *   (Signal-like). An out-of-band verifier never confirms a key that is not the genuine one.
 */
export interface KeyDefenses {
  readonly world: World;
  readonly outOfBand?: { readonly share: number; readonly clientsOf: ReadonlySet<NodeId> | undefined };
  readonly priorContactShare?: number;
  readonly keyChange?: { readonly policy: 'auto-resend' | 'block-and-warn'; readonly confirmSeconds: number; readonly confirmShare: number };
  readonly transparency?: KeyTransparency;
  /** Adds `user` to `group` again from `viewer` (after the user confirmed a changed key). */
  readonly reAdd?: (viewer: NodeId, group: GroupName, user: UserId) => void | Promise<void>;
}

/** What the claiming device knows about the claim it is checking (for holds and re-adds). */
export interface ClaimContext {
  readonly group: GroupName;
  readonly user: UserId;
}

/** A credential identity (a device id `provA/u3/d0`) as a hierarchical name, `u3.d0@provA`. */
export function credentialIdentifier(device: string): Identifier {
  const [provider, user, dev] = device.split('/');
  return hierarchical(`${user}.${dev}`, provider!);
}

/**
 * The trust baseline before key transparency: each device checks every KeyPackage (or, under Signal,
 * prekey bundle: its identity key, see contactKey.ts) it is handed for a
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
  /** Told of every verdict once defenses are configured (attackers measure detections here). */
  readonly listeners: ((e: KeyEvent) => void)[] = [];
  private defenses: KeyDefenses | undefined;
  /** The keys each device really made, by `device#suite`: what an out-of-band comparison sees. */
  private readonly genuine = new Map<string, Uint8Array>();
  private readonly ktVerifiers = new Map<NodeId, KtVerifier>();
  private readonly seenPairs = new Set<string>();
  private readonly confirmedKeys = new Set<string>();
  /** Each contact device's credential identifier, parsed once (every check of its keys asks). */
  private readonly identifiers = new Map<NodeId, Identifier>();
  private readonly oobUsers = new Map<string, boolean>();
  /** Key-change holds (block-and-warn): how many, how they ended, and the virtual seconds they waited. */
  readonly holds = { held: 0, confirmed: 0, refused: 0, holdSeconds: 0 };

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

  /** What the run reports beside the verdict counts (only the defenses in force; none: nothing). */
  summary(): { holds?: KeyTrust['holds']; transparency?: { heads: number; appends: number; monitorChecks: number; detections: number; auditFindings: number; logFaults: number }; safetyNumberComparisons?: number } {
    const kt = this.defenses?.transparency;
    return {
      ...(this.safetyNumberComparisons > 0 && { safetyNumberComparisons: this.safetyNumberComparisons }),
      ...(this.defenses?.keyChange?.policy === 'block-and-warn' && { holds: { ...this.holds } }),
      ...(kt && { transparency: { heads: kt.heads, appends: kt.appends, monitorChecks: kt.monitorChecks, detections: kt.detections.length, auditFindings: kt.auditFindings, logFaults: kt.logFaults } }),
    };
  }

  /** The provider's Ed25519 signer (it also signs key-transparency tree heads). */
  signerOf(provider: NodeId): ProviderSigner {
    const s = this.signers.get(provider);
    if (s === undefined) throw new RangeError(`no signing key for provider ${provider}`);
    return s;
  }

  /** Turns on the discovery defenses; call before the run starts. */
  configure(d: KeyDefenses): void {
    this.defenses = d;
  }

  get transparency(): KeyTransparency | undefined {
    return this.defenses?.transparency;
  }

  /** Ground truth: `device` published `keyPackage` itself (an out-of-band comparison sees this key). */
  noteGenuine(device: NodeId, keyPackage: Uint8Array): void {
    const f = contactKeyOf(keyPackage, device);
    if (f !== undefined && !this.genuine.has(`${device}#${f.ciphersuite}`)) this.genuine.set(`${device}#${f.ciphersuite}`, f.signatureKey.slice());
  }

  /** The home provider's attestation of a KeyPackage it serves: issuedAt (u64 µs) then the signature. */
  attest(provider: NodeId, keyPackage: Uint8Array, at: SimTime, device?: NodeId): Uint8Array {
    const signer = this.signers.get(provider);
    const f = contactKeyOf(keyPackage, device);
    if (this.mode !== 'provider-attested' || signer === undefined || f?.identity === undefined) return new Uint8Array(0);
    const a = attestKey(signer, credentialIdentifier(f.identity), f.signatureKey, at);
    const out = new Uint8Array(8 + a.signature.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(a.issuedAt));
    out.set(a.signature, 8);
    return out;
  }

  /** A device's verdict on a KeyPackage claimed for `claimed` from `home`: add it or not. */
  check(
    viewer: NodeId,
    claimed: NodeId,
    home: NodeId,
    keyPackage: Uint8Array,
    attestation: Uint8Array | undefined,
    at: SimTime,
    evidence?: Uint8Array,
    claim?: ClaimContext,
  ): boolean {
    const f = contactKeyOf(keyPackage, claimed);
    if (f === undefined || f.identity !== claimed) return this.reject('identity-mismatch');
    if (this.defenses === undefined) return this.baseline(viewer, claimed, home, f.signatureKey, attestation, at);
    const event = (verdict: KeyEvent['verdict'], reason?: string) => {
      const e: KeyEvent = { viewer, contact: claimed, signatureKey: f.signatureKey, at, verdict, ...(reason !== undefined && { reason }) };
      for (const l of this.listeners) l(e);
    };
    const genuine = this.genuine.get(`${claimed}#${f.ciphersuite}`);
    if (this.comparedOutOfBand(viewer, claimed) && genuine !== undefined && this.outOfBandMismatch(viewer, claimed, f.ciphersuite, f.signatureKey, genuine)) {
      event('rejected', 'oob-mismatch');
      return this.reject('oob-mismatch');
    }
    const kt = this.defenses.transparency;
    if (kt !== undefined && kt.protects(viewer)) {
      const reason = this.ktCheck(viewer, claimed, home, f.signatureKey, evidence, at);
      if (reason !== undefined) {
        event('rejected', reason);
        return this.reject(reason);
      }
    }
    if (this.mode === 'tofu' && genuine !== undefined) this.prePin(viewer, claimed, home, genuine, at);
    const warningsBefore = this.keyChangeWarnings;
    const confirmed = this.confirmedKeys.has(`${viewer}|${claimed}|${hex(f.signatureKey)}`);
    const hold = this.defenses.keyChange?.policy === 'block-and-warn';
    const ok = this.baseline(viewer, claimed, home, f.signatureKey, attestation, at, hold && !confirmed);
    const warned = this.keyChangeWarnings > warningsBefore;
    if (!warned) event(ok ? 'accepted' : 'rejected', ok ? undefined : 'baseline');
    else if (ok || !hold) event('warned');
    else {
      event('held');
      this.hold(viewer, claimed, f.ciphersuite, f.signatureKey, genuine, claim);
    }
    return ok;
  }

  /**
   * What two people comparing out of band see differ. Under Signal they compare safety numbers as the
   * apps show them (sim/signal/safetyNumber.ts, libsignal's displayable fingerprint): the viewer's, over
   * its own key and the key it was served, against the contact's, over the two genuine keys. For MLS
   * credentials, the contact's genuine signature key itself.
   */
  private outOfBandMismatch(viewer: NodeId, claimed: NodeId, suite: number, served: Uint8Array, genuine: Uint8Array): boolean {
    const own = suite === SIGNAL_BUNDLES ? this.genuine.get(`${viewer}#${suite}`) : undefined;
    if (own === undefined) return !sameBytes(genuine, served);
    this.safetyNumberComparisons++;
    const id = (d: NodeId) => new TextEncoder().encode(d);
    const seen = safetyNumber({ identityKey: own, stableId: id(viewer) }, { identityKey: served, stableId: id(claimed) });
    return seen !== safetyNumber({ identityKey: genuine, stableId: id(claimed) }, { identityKey: own, stableId: id(viewer) });
  }

  /** Signal safety numbers compared out of band (each two 5200-iteration fingerprints per side). */
  safetyNumberComparisons = 0;

  /** Safety numbers are compared by two people: a pair is verified when either of them verifies contacts. */
  private comparedOutOfBand(viewer: NodeId, contact: NodeId): boolean {
    return this.verifiesOutOfBand(viewer) || this.verifiesOutOfBand(contact);
  }

  /** A user who compares safety numbers out of band with their contacts (a share of users, drawn once per user). */
  private verifiesOutOfBand(viewer: NodeId): boolean {
    const oob = this.defenses?.outOfBand;
    if (oob === undefined || (oob.clientsOf !== undefined && !oob.clientsOf.has(viewer.slice(0, viewer.indexOf('/')) as NodeId))) return false;
    const user = userOfDevice(viewer);
    let v = this.oobUsers.get(user);
    if (v === undefined) this.oobUsers.set(user, (v = this.defenses!.world.streams.stream(`defenses/oob/${user}`).chance(oob.share)));
    return v;
  }

  /** The KT client check: an inclusion proof of exactly this key in a head signed by the contact's home. */
  private ktCheck(viewer: NodeId, claimed: NodeId, home: NodeId, signatureKey: Uint8Array, evidence: Uint8Array | undefined, at: SimTime): string | undefined {
    const ev = evidence === undefined || evidence.length === 0 ? undefined : decodeEvidence(evidence);
    const record = {
      identity: credentialIdentifier(claimed),
      provider: providerId(home),
      signatureKey,
      keyPackageRefs: [],
      publishedAt: ev?.issuedAt ?? at,
      attestation: undefined,
      transparency: ev && { head: ev.head, proof: ev.proof },
    };
    const v = this.ktVerifiers.get(viewer) ?? ktVerifier({ trust: this.trust });
    const { verdict, verifier } = v.verify({ viewer, contact: record.identity, home: providerId(home), record, at });
    this.ktVerifiers.set(viewer, verifier);
    return verdict.kind === 'accepted' ? undefined : verdict.reason;
  }

  /** TOFU with a history: a contact this user talked to before the run is already pinned to its genuine key. */
  private prePin(viewer: NodeId, claimed: NodeId, home: NodeId, genuine: Uint8Array, at: SimTime): void {
    const share = this.defenses?.priorContactShare ?? 0;
    const pair = `${viewer}|${claimed}`;
    if (share <= 0 || this.seenPairs.has(pair)) return;
    this.seenPairs.add(pair);
    const users = `${userOfDevice(viewer)}>${userOfDevice(claimed)}`;
    if (!this.defenses!.world.streams.stream(`defenses/prior-contact/${users}`).chance(share)) return;
    const verifier = this.verifierOf(viewer);
    const contact = credentialIdentifier(claimed);
    const record = { identity: contact, provider: providerId(home), signatureKey: genuine, keyPackageRefs: [], publishedAt: at, attestation: undefined };
    this.verifiers.set(viewer, verifier.verify({ viewer, contact, home: providerId(home), record, at }).verifier);
  }

  /** block-and-warn: the addition waits for the user; a confirmation re-adds the contact with the new key. */
  private hold(viewer: NodeId, claimed: NodeId, suite: number, key: Uint8Array, genuine: Uint8Array | undefined, claim: ClaimContext | undefined): void {
    const d = this.defenses!;
    const policy = d.keyChange!;
    const { sim, streams } = d.world;
    this.holds.held++;
    const start = sim.now;
    const confirms = streams.stream(`defenses/key-change/${viewer}`).chance(policy.confirmShare);
    // An out-of-band verifier checks the new safety number and refuses anything but the genuine key.
    const refuses = !confirms || (this.comparedOutOfBand(viewer, claimed) && genuine !== undefined && this.outOfBandMismatch(viewer, claimed, suite, key, genuine));
    sim.schedule(seconds(policy.confirmSeconds), () => {
      this.holds.holdSeconds += (sim.now - start) / 1_000_000;
      if (refuses) return void this.holds.refused++;
      this.holds.confirmed++;
      this.confirmedKeys.add(`${viewer}|${claimed}|${hex(key)}`);
      if (claim !== undefined) return d.reAdd?.(viewer, claim.group, claim.user);
    });
  }

  private verifierOf(viewer: NodeId): KeyVerifier {
    const onChange = this.defenses?.keyChange?.policy === 'block-and-warn' ? 'keep-pin' : 'repin';
    return this.verifiers.get(viewer) ?? createVerifier(this.mode === 'tofu' ? { kind: 'tofu', onChange } : { kind: 'provider-attested', trust: this.trust });
  }

  /** The verification mode of the scenario (`identity.verification`), as before any defense. */
  private baseline(viewer: NodeId, claimed: NodeId, home: NodeId, signatureKey: Uint8Array, attestation: Uint8Array | undefined, at: SimTime, holdOnChange = false): boolean {
    if (this.mode === 'none') return this.accept();
    let contact = this.identifiers.get(claimed);
    if (contact === undefined) this.identifiers.set(claimed, (contact = credentialIdentifier(claimed)));
    let parsed: { issuedAt: SimTime; signature: Uint8Array } | undefined;
    if (attestation !== undefined && attestation.length > 8) {
      parsed = { issuedAt: Number(new DataView(attestation.buffer, attestation.byteOffset).getBigUint64(0)) as SimTime, signature: attestation.subarray(8) };
    }
    const record = {
      identity: contact,
      provider: providerId(home),
      signatureKey,
      keyPackageRefs: [],
      publishedAt: at,
      attestation: parsed && { provider: providerId(home), ...parsed },
    };
    const verifier = this.verifierOf(viewer);
    const { verdict, verifier: next } = verifier.verify({ viewer, contact, home: providerId(home), record, at });
    this.verifiers.set(viewer, next);
    switch (verdict.kind) {
      case 'accepted':
        return this.accept();
      case 'key-changed':
        this.keyChangeWarnings++;
        if (holdOnChange) return this.reject('key-change-held');
        // Repinned (auto-resend), or a key the user confirmed after a hold (block-and-warn keeps the old pin).
        return this.accept();
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

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
