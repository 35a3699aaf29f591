import { type Duration, type NodeId, type SimTime } from '../../core/index.ts';
import { formatIdentifier, providerId, type ProviderSigner } from '../../identity/index.ts';
import {
  appendBinding,
  auditTreeHead,
  consistencyBetween,
  createAuditor,
  createMonitor,
  emptyKtLog,
  entriesBetween,
  epochSchedule,
  epochStart,
  inclusionProof,
  latestHead,
  monitorCheck,
  noteOwnKey,
  publishTreeHead,
  type EpochSchedule,
  type KtAuditor,
  type KtLog,
  type KtMonitor,
} from '../../identity/kt/index.ts';
import { sameBytes } from '../../identity/keys/keyVerifier.ts';
import { contactKeyOf } from '../contactKey.ts';
import { credentialIdentifier } from '../keyTrust.ts';
import type { ProviderActor, ProviderExtension, ServedKeyPackage } from '../provider.ts';
import type { World } from '../world.ts';
import { encodeEvidence } from './evidenceCodec.ts';

export interface KeyTransparencyOptions {
  /** One signed tree head per period (WhatsApp's deployed log: about 48 s). */
  readonly epochPeriod: Duration;
  /**
   * The first head: the log's genesis, covering the keys the run's starting population published
   * (they registered before the run; a key published later waits for the next epoch).
   */
  readonly origin: SimTime;
  /** How often each owner's device checks its home log for bindings of its identity it did not publish. */
  readonly monitorInterval: Duration;
  /** Providers whose clients check inclusion proofs and monitor their own keys (undefined: all). */
  readonly clientsOf: ReadonlySet<NodeId> | undefined;
  /** One auditor per log checks every head's signature, schedule and consistency with the last. */
  readonly auditors: boolean;
}

/** A device's monitor found a binding of its identity it never published. */
export interface KtDetection {
  readonly device: NodeId;
  readonly signatureKey: Uint8Array;
  /** When the provider appended the binding (the substitution) and when the owner's monitor saw it. */
  readonly appendedAt: SimTime;
  readonly detectedAt: SimTime;
}

/** Monitors check after heads (priority -1) and appends (0) at the same instant: the model's "a check sees a head published at its instant". */
const HEAD_PRIORITY = -1;
const CHECK_PRIORITY = 1;

/**
 * Key transparency running inside a run: every provider keeps an RFC 9162 log of identity→signature-key
 * bindings (sim/identity/kt), appended when its devices publish keys, with a signed tree head per epoch;
 * it serves an inclusion proof with every claimed KeyPackage; each device of the protected providers
 * monitors its own identity at an interval, and auditors check every head against the last.
 * Monitoring and auditing read the logs directly (their traffic is not on the wire); proofs do travel
 * with the claimed KeyPackages.
 */
export class KeyTransparency {
  readonly schedule: EpochSchedule;
  private readonly logs = new Map<NodeId, KtLog>();
  private readonly monitors = new Map<NodeId, KtMonitor>();
  private readonly auditors = new Map<NodeId, KtAuditor>();
  /** Each monitor's first check offset in [0, interval), drawn from a stream named after the device. */
  readonly phases = new Map<NodeId, Duration>();
  readonly detections: KtDetection[] = [];
  heads = 0;
  appends = 0;
  monitorChecks = 0;
  auditFindings = 0;
  logFaults = 0;

  constructor(
    private readonly world: World,
    private readonly providers: ReadonlyMap<NodeId, ProviderActor>,
    private readonly signerOf: (provider: NodeId) => ProviderSigner,
    readonly options: KeyTransparencyOptions,
    private readonly isOnline: (device: NodeId) => boolean,
    private readonly until: SimTime,
  ) {
    this.schedule = epochSchedule(options.epochPeriod, options.origin);
    for (const [id, p] of providers) {
      this.logs.set(id, emptyKtLog(providerId(id), this.schedule));
      if (options.auditors) this.auditors.set(id, createAuditor({ provider: providerId(id), providerKey: signerOf(id).publicKey, schedule: this.schedule, grace: 0 as Duration }));
      p.extensions.push(this.extensionFor(id));
    }
    this.scheduleHead(0);
  }

  /** Whether `device`'s client checks inclusion proofs (its provider is protected). */
  protects(device: NodeId): boolean {
    return this.options.clientsOf === undefined || this.options.clientsOf.has(device.slice(0, device.indexOf('/')) as NodeId);
  }

  /** The log of `provider` (for tests and the attacker's choice to log a substitute). */
  log(provider: NodeId): KtLog | undefined {
    return this.logs.get(provider);
  }

  /** Appends (identity of `device`, key) to `provider`'s log now, once per distinct key. */
  append(provider: NodeId, device: NodeId, signatureKey: Uint8Array): void {
    const log = this.logs.get(provider);
    if (log === undefined) return;
    const identity = credentialIdentifier(device);
    const known = log.byIdentity.get(formatIdentifier(identity)) ?? [];
    if (known.some((i) => sameBytes(log.entries.at(i)!.signatureKey, signatureKey))) return;
    this.logs.set(provider, appendBinding(log, { identity, signatureKey, at: this.world.sim.now }).log);
    this.appends++;
  }

  /** True once the newest head of `provider`'s log includes a binding of `device` to `signatureKey`. */
  provable(provider: NodeId, device: NodeId, signatureKey: Uint8Array): boolean {
    return this.bindingIndex(provider, device, signatureKey) !== undefined;
  }

  private bindingIndex(provider: NodeId, device: NodeId, signatureKey: Uint8Array | undefined): { log: KtLog; index: number } | undefined {
    const log = this.logs.get(provider);
    const head = log && latestHead(log);
    if (log === undefined || head === undefined) return undefined;
    const indices = (log.byIdentity.get(formatIdentifier(credentialIdentifier(device))) ?? []).filter((i) => i < head.treeSize);
    // An honest log proves the binding of the very key it serves; failing that, the identity's latest.
    const match = signatureKey && indices.filter((i) => sameBytes(log.entries.at(i)!.signatureKey, signatureKey)).at(-1);
    const index = match ?? indices.at(-1);
    return index === undefined ? undefined : { log, index };
  }

  private extensionFor(provider: NodeId): ProviderExtension {
    return {
      onPublish: (device, _suite, keyPackage) => {
        const f = contactKeyOf(keyPackage, device);
        if (f === undefined) return;
        this.append(provider, device, f.signatureKey);
        // The device knows the keys it made: its monitor must not flag them.
        if (this.protects(device)) this.watch(provider, device, f.signatureKey);
      },
      evidence: (served) => served.map((s) => this.evidence(provider, s)),
    };
  }

  private evidence(provider: NodeId, s: ServedKeyPackage): Uint8Array {
    const f = contactKeyOf(s.keyPackage, s.device);
    const found = this.bindingIndex(provider, s.device, f?.signatureKey);
    if (found === undefined) return new Uint8Array(0); // nothing logged yet: the client sees "unlogged"
    const { log, index } = found;
    const head = latestHead(log)!;
    return encodeEvidence({ issuedAt: log.entries.at(index)!.issuedAt, head, proof: inclusionProof(log.tree, index, head.treeSize) });
  }

  private scheduleHead(epoch: number): void {
    const t = epochStart(this.schedule, epoch);
    if (t > this.until) return;
    this.world.sim.scheduleAt(t, () => this.publishHeads(epoch), { priority: HEAD_PRIORITY });
  }

  private publishHeads(epoch: number): void {
    const now = this.world.sim.now;
    for (const [id, log] of this.logs) {
      const { log: next, head } = publishTreeHead(log, this.signerOf(id), now);
      this.logs.set(id, next);
      this.heads++;
      const a = this.auditors.get(id);
      if (a !== undefined) {
        const proof = a.head === undefined ? undefined : consistencyBetween(next, a.head.treeSize, head.treeSize);
        const r = auditTreeHead(a, head, proof);
        this.auditors.set(id, r.auditor);
        this.auditFindings += r.findings.length;
      }
    }
    this.scheduleHead(epoch + 1);
  }

  /** Starts (or extends) the monitor of `device` on its home log, checking at phase + k·interval. */
  private watch(provider: NodeId, device: NodeId, ownKey: Uint8Array): void {
    const prior = this.monitors.get(device);
    if (prior !== undefined) return void this.monitors.set(device, noteOwnKey(prior, ownKey));
    const signer = this.signerOf(provider);
    this.monitors.set(device, noteOwnKey(createMonitor({ identity: credentialIdentifier(device), provider: signer.provider, providerKey: signer.publicKey }), ownKey));
    const interval = this.options.monitorInterval;
    const phase = Math.floor(this.world.streams.stream(`defenses/kt/monitor/${device}`).uniform(0, 1) * interval);
    this.phases.set(device, phase as Duration);
    // The first check at phase + k·interval not before now (the device starts monitoring when it registers).
    const now = this.world.sim.now;
    const first = now <= phase ? phase : phase + Math.ceil((now - phase) / interval) * interval;
    const check = (t: number): void => {
      if (t > this.until) return;
      this.world.sim.scheduleAt(t as SimTime, () => {
        this.check(provider, device);
        check(t + interval);
      }, { priority: CHECK_PRIORITY });
    };
    check(first);
  }

  /** The monitor's check, if the device is online to make it: read every new entry up to the newest head. */
  private check(provider: NodeId, device: NodeId): void {
    const log = this.logs.get(provider)!;
    const head = latestHead(log);
    const m = this.monitors.get(device)!;
    if (head === undefined || !this.isOnline(device)) return;
    this.monitorChecks++;
    const r = monitorCheck(m, head, entriesBetween(log, m.verified.size, head.treeSize));
    this.monitors.set(device, r.monitor);
    if (r.result.kind === 'log-misbehaved') this.logFaults++;
    if (r.result.kind !== 'substitution') return;
    const now = this.world.sim.now;
    for (const f of r.result.found) this.detections.push({ device, signatureKey: f.binding.signatureKey, appendedAt: f.binding.issuedAt, detectedAt: now });
  }
}
