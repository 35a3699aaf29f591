import { seconds, type MessageId, type NodeId, type SimTime } from '../../core/index.ts';
import type { GroupState, KeyPackagePrivate, MemberKeys } from '../../mls/engine.ts';
import { keyPackageFields } from '../../mls/keyPackageFields.ts';
import { completePayload } from '../../net/index.ts';
import type { KeyEvent } from '../keyTrust.ts';
import type { GroupName, Header } from '../protocol.ts';
import type { ServedKeyPackage } from '../provider.ts';
import { decodePayload, SIGNAL_BUNDLES } from '../signal/wire.ts';
import { SignalImpostor } from './signalImpostor.ts';
import { userOfDevice } from '../world.ts';
import { secondsBetween, type Attacker, type AttackerContext, type AttackReport } from './attacker.ts';

/** The scenario's `key-substituting-directory` attacker, as plain values. */
export interface KeySubstitutionConfig {
  /** The provider whose directory lies about its own users' keys. */
  readonly at: NodeId;
  /** Target accounts homed at `at` (`u3@provA`); absent: every account there. */
  readonly users?: readonly string[];
  /** When it starts serving substitutes (and logs them, under key transparency). */
  readonly fromSeconds: number;
  /**
   * Under key transparency: append the substitute's binding to the log (clients then accept it, and
   * the owner's monitor sees it) or serve it unlogged (clients' inclusion checks refuse it).
   */
  readonly logSubstitutes: boolean;
}

/** What the directory serves in a target's place: an MLS KeyPackage or a Signal bundle, and its key. */
interface Substitute {
  readonly keyPackage: Uint8Array;
  /** Hex of the key a client pins (MLS signature key, Signal identity key), and its bytes. */
  readonly key: string;
  readonly keyBytes: Uint8Array;
}

interface Fake extends Substitute {
  readonly member: MemberKeys;
  readonly priv: KeyPackagePrivate;
  readonly ref: string;
}

/** The attacker's member in one group, standing in for a target device. */
interface Slot {
  readonly device: NodeId;
  state: GroupState | undefined;
  epoch: number;
  left: boolean;
  readonly early: Map<number, Uint8Array>;
  readonly earlyApps: { msg: MessageId; payload: Uint8Array }[];
}

const DIVERTED = 'intercepted-by-directory';

/**
 * The classic man in the middle on key discovery: the directory of provider `at` answers claims for its
 * target users with a KeyPackage of its own, whose credential names the target device. The attacker
 * runs a real MLS member for it: it joins from the Welcome and decrypts what the group sends the target.
 *
 * The target's real device is never added to those groups (its KeyPackage was not served): the
 * attacker takes every Welcome, commit and message the server would deliver to it for those groups, and
 * each such message settles as dropped `intercepted-by-directory` for the target (the person never got
 * it), plus an exposure when the attacker really decrypted it. Groups the real device is in otherwise
 * (it created them, or an honest claim added it) are left alone. A two-sided MITM that re-encrypts to
 * the real device in a group of its own is not modelled.
 *
 * Measured: `attempts` = substitute KeyPackages served, `successes` = groups its member really joined,
 * `exposed` = messages it really decrypted, `detections` = seconds from a substitution to a client's
 * key-change warning or out-of-band refusal of that key, or to the owner's key-transparency monitor
 * seeing the logged binding.
 */
export class KeySubstitutingDirectory implements Attacker {
  readonly kind = 'key-substituting-directory';
  readonly id: string;
  private readonly party: NodeId;
  private readonly fakes = new Map<string, Fake>();
  /** Every substitute by `device#suite` (MLS fakes and Signal bundles alike). */
  private readonly substitutes = new Map<string, Substitute>();
  private readonly signal: SignalImpostor | undefined;
  private readonly fakeKeys = new Map<string, NodeId>();
  private readonly slots = new Map<string, Slot>();
  private readonly preparing = new Set<string>();
  /** When each fake key was first served (or logged): the substitution instant detections count from. */
  private readonly substitutedAt = new Map<string, SimTime>();
  /** Serve times of each fake key per requester, oldest first: a client's verdict settles the oldest. */
  private readonly servedTo = new Map<string, SimTime[]>();
  private readonly detections: number[] = [];
  private served = 0;
  private joined = 0;
  private exposed = 0;
  private diverted = 0;
  private logged = 0;
  private readonly verdicts = { accepted: 0, warned: 0, held: 0, rejected: 0 };
  private readonly from: SimTime;

  constructor(
    private readonly config: KeySubstitutionConfig,
    private readonly ctx: AttackerContext,
  ) {
    this.id = `attacker/key-substitution/${config.at}`;
    this.party = this.id as NodeId;
    this.from = seconds(config.fromSeconds) as number as SimTime;
    const provider = ctx.providers.get(config.at);
    if (provider === undefined) throw new RangeError(`key-substituting-directory.at: no provider ${config.at}`);
    provider.extensions.push({
      onPublish: (device, suite, keyPackage) => this.onPublish(device, suite, keyPackage),
      onClaim: (claim, served) => this.onClaim(claim, served),
      onDeliverLocal: (device, _kind, h, payload) => this.onDeliver(device, h, payload),
    });
    ctx.services.keyTrust?.listeners.push((e) => this.onVerdict(e));
    if (ctx.services.signal !== undefined) this.signal = new SignalImpostor(ctx.services.signal);
  }

  private isTarget(device: NodeId): boolean {
    if (!device.startsWith(`${this.config.at}/`)) return false;
    return this.config.users === undefined || this.config.users.includes(userOfDevice(device));
  }

  /** The first KeyPackage a target publishes: make a look-alike (same capabilities) under the attacker's keys. */
  private onPublish(device: NodeId, suite: number, real: Uint8Array): void {
    const k = `${device}#${suite}`;
    if (!this.isTarget(device) || this.substitutes.has(k) || this.preparing.has(k)) return;
    this.preparing.add(k);
    const { sim } = this.ctx.world;
    sim.schedule(seconds(0), async () => {
      const mls = suite === SIGNAL_BUNDLES ? undefined : await this.makeFake(device, suite, real);
      const fake = mls ?? this.makeSignalFake(device, real);
      if (fake === undefined) return;
      if (mls !== undefined) this.fakes.set(k, mls);
      this.substitutes.set(k, fake);
      this.fakeKeys.set(fake.key, device);
      const kt = this.ctx.services.keyTrust?.transparency;
      if (kt === undefined || !this.config.logSubstitutes) return;
      // The choice that defeats inclusion checks: log the substitute, in plain view of the owner's monitor.
      const log = () => {
        kt.append(this.config.at, device, fake.keyBytes);
        this.logged++;
        if (!this.substitutedAt.has(fake.key)) this.substitutedAt.set(fake.key, sim.now);
      };
      if (sim.now >= this.from) log();
      else sim.scheduleAt(this.from, log);
    });
  }

  private async makeFake(device: NodeId, suite: number, real: Uint8Array): Promise<Fake> {
    const { engine } = this.ctx.services;
    const rng = this.ctx.world.streams.stream(`attackers/${this.id}/${device}/suite-${suite}`);
    // The server's own code reads the real KeyPackage (a minted one is built first: sim/net/lazyPayload.ts).
    const info = await engine.inspectKeyPackage(completePayload(real));
    const options = { identity: device as string, ciphersuite: suite, randomBytes: (n: number) => rng.bytes(n), grease: false };
    let member: MemberKeys;
    try {
      // Same advertised capabilities as the real device, so the group's required capabilities pass.
      member = info.kind === 'ok'
        ? await engine.createMember({ ...options, capabilities: { extensions: info.leaf.extensionTypes, ciphersuites: info.leaf.ciphersuites }, leafExtensions: info.leaf.extensions })
        : await engine.createMember(options);
    } catch {
      member = await engine.createMember(options);
    }
    // A last-resort package may be handed out again: one look-alike per target device and suite.
    const kp = await engine.generateKeyPackage(member, { lastResort: true });
    const keyBytes = keyPackageFields(kp.keyPackage)!.signatureKey;
    return { member, keyPackage: kp.keyPackage, priv: kp.keyPackagePrivate, ref: hex(engine.keyPackageRef(kp.keyPackagePrivate)), key: hex(keyBytes), keyBytes };
  }

  /** Under Signal: a bundle of the attacker's own identity and prekeys, under the target's device id. */
  private makeSignalFake(device: NodeId, real: Uint8Array): Substitute | undefined {
    const rng = this.ctx.world.streams.stream(`attackers/${this.id}/${device}/signal`);
    const f = this.signal?.fake(device, real, (n) => rng.bytes(n));
    return f === undefined ? undefined : { keyPackage: f.bundle, key: hex(f.identityKey), keyBytes: f.identityKey };
  }

  private onClaim(claim: Extract<Header, { op: 'kp-claim' }>, served: readonly ServedKeyPackage[]): readonly ServedKeyPackage[] {
    const { sim } = this.ctx.world;
    if (sim.now < this.from) return served;
    const kt = this.ctx.services.keyTrust?.transparency;
    return served.map((s) => {
      const fake = this.isTarget(s.device) ? this.substitutes.get(`${s.device}#${claim.suite}`) : undefined;
      if (fake === undefined) return s;
      // A logging attacker waits until its substitute is provable, serving honestly until then.
      if (kt !== undefined && this.config.logSubstitutes && !kt.provable(this.config.at, s.device, fake.keyBytes)) return s;
      this.served++;
      if (!this.substitutedAt.has(fake.key)) this.substitutedAt.set(fake.key, sim.now);
      const k = `${fake.key}|${claim.requester}`;
      this.servedTo.set(k, [...(this.servedTo.get(k) ?? []), sim.now]);
      return { device: s.device, keyPackage: fake.keyPackage };
    });
  }

  /** Clients' verdicts on the attacker's keys: warnings and refusals are detections of the substitution. */
  private onVerdict(e: KeyEvent): void {
    const key = hex(e.signatureKey);
    if (!this.fakeKeys.has(key)) return;
    this.verdicts[e.verdict]++;
    const servedAt = this.servedTo.get(`${key}|${e.viewer}`)?.shift() ?? e.at;
    const detected = e.verdict === 'warned' || e.verdict === 'held' || e.reason === 'oob-mismatch';
    if (detected) this.detections.push(secondsBetween(servedAt, e.at));
  }

  /** Takes what the server would deliver to a target device in the groups the attacker's member joined. */
  private onDeliver(device: NodeId, h: Header, payload: Uint8Array): boolean {
    if (!this.isTarget(device)) return false;
    if (this.signal?.has(device) === true) return this.onSignalDeliver(this.signal, device, h, payload);
    const { engine } = this.ctx.services;
    const { sim } = this.ctx.world;
    if (h.op === 'welcome') {
      const addressed = new Set(engine.welcomeRecipients(payload).map(hex));
      const fake = [...this.fakes.entries()].find(([k, f]) => k.startsWith(`${device}#`) && addressed.has(f.ref))?.[1];
      if (fake === undefined) return false;
      const slot: Slot = { device, state: undefined, epoch: -1, left: false, early: new Map(), earlyApps: [] };
      this.slots.set(`${h.group}>${device}`, slot);
      sim.schedule(seconds(0), () => this.join(h.group, slot, fake, payload));
      return true;
    }
    if (h.op !== 'handshake' && h.op !== 'app') return false;
    const slot = this.slots.get(`${h.group}>${device}`);
    if (slot === undefined) return false;
    if (h.op === 'handshake') sim.schedule(seconds(0), () => this.onCommit(slot, h.epoch, payload));
    else {
      this.diverted++;
      sim.schedule(seconds(0), () => this.onApp(slot, h.msg, payload));
    }
    return true;
  }

  private async join(group: GroupName, slot: Slot, fake: Fake, welcome: Uint8Array): Promise<void> {
    const { engine } = this.ctx.services;
    const r = await this.ctx.services.clock.time('attacker-join-welcome', () => engine.joinFromWelcome(fake.member, welcome, fake.priv));
    if (r.kind !== 'ok') {
      this.slots.delete(`${group}>${slot.device}`);
      for (const a of slot.earlyApps.splice(0)) this.settle(a.msg, slot.device);
      return;
    }
    this.joined++;
    slot.state = r.state;
    slot.epoch = Number(engine.epoch(r.state));
    await this.drain(slot);
  }

  private async onCommit(slot: Slot, epoch: number, commit: Uint8Array): Promise<void> {
    if (slot.left || epoch < slot.epoch) return;
    if (slot.state === undefined || epoch > slot.epoch) return void slot.early.set(epoch, commit);
    const state = slot.state;
    const r = await this.ctx.services.clock.time('attacker-process-commit', () => this.ctx.services.engine.processHandshake(state, commit));
    if (r.kind !== 'accepted') return;
    if (r.removedSelf) {
      slot.left = true;
      for (const a of slot.earlyApps.splice(0)) this.settle(a.msg, slot.device);
      return;
    }
    slot.state = r.state;
    slot.epoch = Number(r.epoch);
    await this.drain(slot);
  }

  private async drain(slot: Slot): Promise<void> {
    const next = slot.early.get(slot.epoch);
    for (const e of [...slot.early.keys()]) if (e <= slot.epoch) slot.early.delete(e);
    if (next !== undefined) return this.onCommit(slot, slot.epoch, next);
    const { engine } = this.ctx.services;
    const ready = slot.earlyApps.filter((a) => Number(engine.peek(a.payload).epoch ?? -1) <= slot.epoch);
    slot.earlyApps.splice(0, slot.earlyApps.length, ...slot.earlyApps.filter((a) => !ready.includes(a)));
    for (const a of ready) await this.onApp(slot, a.msg, a.payload);
  }

  private async onApp(slot: Slot, msg: MessageId, payload: Uint8Array): Promise<void> {
    const { engine } = this.ctx.services;
    const epoch = Number(engine.peek(payload).epoch ?? -1);
    if (!slot.left && (slot.state === undefined || epoch > slot.epoch)) return void slot.earlyApps.push({ msg, payload });
    if (slot.state !== undefined && !slot.left) {
      const state = slot.state;
      const r = await this.ctx.services.clock.time('attacker-unprotect', () => engine.unprotect(state, payload));
      if (r.kind === 'ok') {
        slot.state = r.state;
        this.ctx.exposures.observe(this.party, msg, r.plaintext, 'attacker');
        this.exposed++;
      }
    }
    this.settle(msg, slot.device);
  }

  /**
   * Under Signal: takes what a contact sealed to the fake (its 1:1 messages and sender-key distributions,
   * then its group messages under the chain so learned) and decrypts it; what was sealed to the real
   * device fails here and goes on to it.
   */
  private onSignalDeliver(signal: SignalImpostor, device: NodeId, h: Header, payload: Uint8Array): boolean {
    if (h.op !== 'pairwise' && h.op !== 'app') return false;
    const p = decodePayload(payload);
    if (p === undefined) return false;
    if (h.op === 'pairwise') {
      const skdm = p.kind === 'pairwise' ? signal.readPairwise(device, h.from, p.message) : undefined;
      if (skdm === undefined) return false;
      signal.learn(device, h.group, h.from, skdm);
      return true;
    }
    const plaintext = p.kind === 'pairwise' ? signal.readPairwise(device, h.sender, p.message) : signal.readGroup(device, h.group, h.sender, p.bytes);
    if (plaintext === undefined) return false;
    this.diverted++;
    this.ctx.exposures.observe(this.party, h.msg, plaintext, 'attacker');
    this.exposed++;
    this.settle(h.msg, device);
    return true;
  }

  /** The target never got this copy: one drop, whatever the attacker made of it. */
  private settle(msg: MessageId, device: NodeId): void {
    const { ledger, sim } = this.ctx.world;
    if (!ledger.isPending(msg, device)) return;
    ledger.drop(msg, device, sim.now, DIVERTED);
    this.ctx.services.plaintexts.release(msg);
  }

  report(): AttackReport {
    const kt = this.ctx.services.keyTrust?.transparency;
    const detections = [...this.detections];
    const seen = new Set<string>();
    let monitorDetections = 0;
    for (const d of kt?.detections ?? []) {
      const key = hex(d.signatureKey);
      // Several devices may watch one identity (never here: identities are per device); count each key once.
      if (!this.fakeKeys.has(key) || seen.has(key)) continue;
      seen.add(key);
      monitorDetections++;
      detections.push(secondsBetween(d.appendedAt, d.detectedAt));
    }
    return {
      attempts: this.served,
      // MLS: groups its member joined; Signal: contacts that opened a session with a fake.
      successes: this.joined + (this.signal?.opened.size ?? 0),
      exposed: this.exposed,
      forged: 0,
      detections,
      detail: {
        targets: new Set([...this.fakeKeys.values()]).size,
        diverted: this.diverted,
        logged: this.logged,
        clientAccepted: this.verdicts.accepted,
        clientWarned: this.verdicts.warned,
        clientHeld: this.verdicts.held,
        clientRejected: this.verdicts.rejected,
        monitorDetections,
      },
    };
  }
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
