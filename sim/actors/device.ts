import { micros, type BusyTime, type MessageId, type NodeId } from '../core/index.ts';
import type { GroupState, KeyPackagePrivate, LeafIndex, MemberKeys, MlsEngine } from '../mls/engine.ts';
import type { Envelope } from '../net/index.ts';
import type { SignalEngine } from '../signal/engine.ts';
import type { PayloadKind, SkipReason } from '../trace/index.ts';
import type { ContentRuntime } from './content/contentRuntime.ts';
import type { CryptoClock } from './cryptoClock.ts';
import type { Exposures } from './exposures.ts';
import type { KeyTrust } from './keyTrust.ts';
import { frameAll, unframeAll } from './framing.ts';
import type { GroupOp } from './groupOp.ts';
import type { GroupStateVerifier } from './groupStateVerifier.ts';
import type { RosterCheck } from './rosterCheck.ts';
import type { MembershipHooks } from './membership/membershipHooks.ts';
import type { ContentSignatures } from './contentSignatures.ts';
import type { Inbox } from './inbox.ts';
import type { GroupName, Header, UserId } from './protocol.ts';
import { sendReliably } from './reliableSender.ts';
import type { SentPlaintexts } from './sentPlaintexts.ts';
import type { World } from './world.ts';

/** Why the workload's send did not happen (sim/trace/records.ts); the workload records it. */
export type { SkipReason };

/** Shared, read-mostly services a device uses beyond the world itself. */
/** Modelled CPU cost of an MLS operation in virtual time: a base plus a per-member share. */
export interface CpuModel {
  readonly perOperationMicros: number;
  readonly perMemberMicros: number;
}

export interface DeviceServices {
  /** Checks the keys handed out for contacts (none, TOFU, provider attestation). */
  readonly keyTrust?: KeyTrust;
  /** Replaces relaying members in a recipient list by the endpoints they relay to (bridges). */
  readonly expandRecipients?: (group: GroupName, recipients: readonly NodeId[]) => { recipients: NodeId[]; relays: number };
  readonly exposures?: Exposures;
  /** Intended recipients the group never reached because naming failed (misrouted, unresolvable). */
  readonly missingIntended?: (group: GroupName, present: readonly NodeId[]) => { device: NodeId; reason: string }[];
  /** Told of every delivery, to spot copies that reached someone the sender never meant. */
  readonly onDelivered?: (group: GroupName, user: UserId, msg: MessageId, device: NodeId) => void;
  /** Client-side steps between decryption and display (spam filters, message requests, impersonation checks). */
  readonly inbox?: Inbox;
  readonly engine: MlsEngine;
  readonly busy: BusyTime;
  readonly cpuModel: CpuModel;
  readonly verifier: GroupStateVerifier;
  readonly plaintexts: SentPlaintexts;
  readonly clock: CryptoClock;
  readonly stats: DeviceStats;
  /** Clients that compare group rosters with users' own device lists (sim/actors/rosterCheck.ts). */
  readonly rosterCheck?: RosterCheck;
  /** End-to-end content signatures checked on content that differs from what was sent (sim/actors/contentSignatures.ts). */
  readonly contentSignatures?: ContentSignatures;
  /** Content, capabilities, upgrades and transport fallback (sim/actors/content). */
  readonly content?: ContentRuntime;
  /** The Signal protocol engine, for devices of a run under `protocol: signal` (sim/actors/signal). */
  readonly signal?: SignalEngine;
  /** Departures: departed clients' copies, the hub's external senders and GroupInfos (sim/actors/membership). */
  readonly membership?: MembershipHooks;
}

export interface DeviceStats {
  commitsAccepted: number;
  commitsRejected: number;
  commitRetries: number;
  opsAbandoned: number;
  welcomesJoined: number;
  welcomeFailures: number;
  handshakeRejected: number;
  staleHandshakes: number;
  duplicates: number;
  /** Signal protocol (sim/actors/signal): sender-key distributions sent pairwise, chain rotations, sessions set up without a one-time prekey. */
  senderKeyDistributions: number;
  senderKeyRotations: number;
  oneTimePreKeyFallbacks: number;
}

export const newDeviceStats = (): DeviceStats => ({
  commitsAccepted: 0,
  commitsRejected: 0,
  commitRetries: 0,
  opsAbandoned: 0,
  welcomesJoined: 0,
  welcomeFailures: 0,
  handshakeRejected: 0,
  staleHandshakes: 0,
  duplicates: 0,
  senderKeyDistributions: 0,
  senderKeyRotations: 0,
  oneTimePreKeyFallbacks: 0,
});

interface PendingCommit {
  readonly op: GroupOp;
  readonly epoch: number;
  readonly state: GroupState;
}

export interface GroupSlot {
  state: GroupState | undefined;
  epoch: number;
  /** A commit removed this device; `state` is its last epoch, kept to read that epoch's stragglers. */
  left: boolean;
  pending: PendingCommit | undefined;
  /** Ops waiting their turn; the head is retried after a lost race. */
  readonly ops: GroupOp[];
  /** Waiting for a KeyPackage claim before the head op can be committed. */
  claiming: boolean;
  /** Commits that arrived ahead of this member's epoch, by epoch. */
  readonly earlyHandshakes: Map<number, Uint8Array>;
  /** Application messages for an epoch this member has not reached yet. */
  readonly earlyApps: Envelope<Header>[];
}

/**
 * One device of one user: an MLS client (one leaf in each of its groups). It publishes KeyPackages,
 * creates groups, commits membership changes through its group's delivery service, encrypts and
 * decrypts application messages for real, and checks group state after every epoch change.
 */
export class DeviceActor {
  /** One MLS identity per supported ciphersuite (signature keys are suite-specific). */
  protected readonly members = new Map<number, MemberKeys>();
  private readonly keyPackages: { suite: number; priv: KeyPackagePrivate; ref: string; lastResort: boolean }[] = [];
  protected readonly groups = new Map<GroupName, GroupSlot>();
  private nextClaim = 0;
  private online = true;

  constructor(
    protected readonly world: World,
    protected readonly services: DeviceServices,
    readonly id: NodeId,
    readonly user: UserId,
    readonly provider: NodeId,
    private readonly ciphersuites: readonly number[],
    private readonly onOffline: (device: NodeId) => void,
    protected readonly bounce: (device: NodeId, kind: PayloadKind, header: Header, payload: Uint8Array) => void,
  ) {
    world.net.attach(id, (env) => this.receive(env as Envelope<Header>));
  }

  /** A relaying member (a bridge) is no recipient in the ledger: it decrypts what is not addressed to it. */
  protected readonly relays: boolean = false;

  /** True once the device has its MLS identities and has published its KeyPackages. */
  ready = false;

  get isOnline(): boolean {
    return this.online;
  }

  /** For each supported ciphersuite: creates the MLS identity, publishes `count` KeyPackages and a last-resort one. */
  async start(count: number): Promise<void> {
    const { engine, clock, content } = this.services;
    this.keyPackageCount = count;
    // With a content layer, the client's version decides its suites (none without MLS) and leaf contents.
    const suites = content === undefined ? this.ciphersuites : content.register(this).ciphersuites;
    for (const suite of suites) {
      const rng = this.world.streams.stream(`mls/device/${this.id}/suite-${suite}`);
      const leaf = content?.memberOptions(this.id);
      const member = await clock.time('create-member', () => engine.createMember({ identity: this.id, ciphersuite: suite, randomBytes: (n) => rng.bytes(n), ...leaf }));
      this.members.set(suite, member);
      for (let i = 0; i <= count; i++) await this.publishKeyPackage(suite, i === count);
    }
    this.ready = true;
  }

  private keyPackageCount = 0;

  /**
   * The client was upgraded (sim/actors/content): the same identities advertise its new capabilities
   * and suites from now on, in fresh KeyPackages (new suites get an identity of their own) and, by an
   * update commit carrying the new leaf (a real MLS update), in every group it is in.
   */
  async upgrade(): Promise<void> {
    const { engine, clock, content } = this.services;
    if (content === undefined || !this.ready) return;
    const leaf = content.memberOptions(this.id);
    for (const suite of content.client(this.id).ciphersuites) {
      const old = this.members.get(suite);
      if (old !== undefined) this.members.set(suite, engine.reviseMember(old, leaf));
      else {
        const rng = this.world.streams.stream(`mls/device/${this.id}/suite-${suite}`);
        this.members.set(suite, await clock.time('create-member', () => engine.createMember({ identity: this.id, ciphersuite: suite, randomBytes: (n) => rng.bytes(n), ...leaf })));
      }
      for (let i = 0; i <= this.keyPackageCount; i++) await this.publishKeyPackage(suite, i === this.keyPackageCount);
    }
    for (const [group, slot] of [...this.groups]) if (slot.state !== undefined && !slot.left && engine.isActive(slot.state)) await this.request(group, { kind: 'update' });
  }

  private async publishKeyPackage(suite: number, lastResort: boolean): Promise<void> {
    const member = this.members.get(suite)!;
    const kp = await this.services.clock.time('key-package', () => this.services.engine.generateKeyPackage(member, { lastResort }));
    this.keyPackages.push({ suite, priv: kp.keyPackagePrivate, ref: hex(this.services.engine.keyPackageRef(kp.keyPackagePrivate)), lastResort });
    this.toProvider('key-package', { op: 'kp-publish', device: this.id, suite, lastResort }, kp.keyPackage);
  }

  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (online) this.toProvider('control', { op: 'online', device: this.id }, new Uint8Array(0));
    else this.onOffline(this.id);
  }

  isMember(group: GroupName): boolean {
    const slot = this.groups.get(group);
    return slot?.state !== undefined && !slot.left;
  }

  /** Queues a membership change; it is committed when no other commit of this device is in flight. */
  request(group: GroupName, op: GroupOp): Promise<void> {
    let slot = this.groups.get(group);
    if (slot === undefined) {
      if (op.kind !== 'create') return Promise.resolve();
      slot = this.newSlot();
      this.groups.set(group, slot);
    }
    slot.ops.push(op);
    // Returned so the kernel awaits the crypto: nothing may run behind the simulation's back.
    return this.pump(group);
  }

  /** Why this device cannot send in `group` now (before looking at recipients), or undefined if it can. */
  sendBlocker(group: GroupName): Exclude<SkipReason, 'no-recipients'> | undefined {
    const slot = this.groups.get(group);
    return !this.online ? 'sender-offline' : slot?.state === undefined ? 'not-joined' : slot.left ? 'left' : undefined;
  }

  /**
   * Encrypts and sends an application message to every other member of the group. False if nothing
   * was sent: `sendBlocker` says why, or else the group has no one to send to.
   */
  async sendApplication(group: GroupName, msg: MessageId, plaintext: Uint8Array): Promise<boolean> {
    const slot = this.groups.get(group);
    if (this.sendBlocker(group) !== undefined || slot?.state === undefined) return false;
    const { engine, clock, plaintexts } = this.services;
    // A group suspended by a committed ReInit (RFC 9420 §11.2) sends nothing; its new group takes over.
    if (!engine.isActive(slot.state)) return false;
    const me = engine.ownLeafIndex(slot.state);
    const inGroup = clock
      .timeSync('members', () => engine.members(slot.state!))
      .filter((m) => m.leafIndex !== me)
      .map((m) => m.identity as NodeId);
    // A relaying member (a re-encrypting bridge) stands for the recipients it will re-encrypt to.
    const expanded = this.services.expandRecipients?.(group, inGroup) ?? { recipients: inGroup, relays: 0 };
    const recipients = expanded.recipients;
    const { ledger, sim } = this.world;
    const missing = (this.services.missingIntended?.(group, recipients) ?? []).filter((m) => m.device !== this.id);
    if (recipients.length === 0) {
      if (missing.length === 0) return false;
      // Everyone meant was lost to naming: the message is sent to nobody, and that is an outcome.
      ledger.send(msg, this.id, missing.map((m) => m.device), sim.now, 'application', 0);
      for (const m of missing) ledger.drop(msg, m.device, sim.now, m.reason);
      this.services.exposures?.sent(msg, 0);
      return true;
    }
    // Client-side send steps see the group's real MLS roster (e.g. a disappearing-message capability check).
    if (this.services.inbox?.sending === true) this.services.inbox.send(this.id, this.provider, group, msg, inGroup, () => engine.memberLeaves(slot.state!));
    const r = await clock.time('protect', () => engine.protect(slot.state!, plaintext));
    if (r.kind !== 'ok') throw new Error(`device ${this.id}: protect failed in ${group}: ${r.detail}`);
    slot.state = r.state;
    ledger.send(msg, this.id, [...recipients, ...missing.map((m) => m.device)], sim.now, 'application', r.message.length);
    for (const m of missing) ledger.drop(msg, m.device, sim.now, m.reason);
    plaintexts.record(msg, plaintext, recipients.length);
    this.services.exposures?.sent(msg, expanded.relays);
    const header: Header = { op: 'app', group, msg, sender: this.id, recipients: inGroup };
    this.afterCpu(recipients.length + 1, () =>
      sendReliably(this.world, this.id, this.provider, 'application', header, r.message, (reason) => {
        for (const to of recipients) if (ledger.isPending(msg, to)) (ledger.drop(msg, to, sim.now, reason), plaintexts.release(msg));
      }, undefined, msg),
    );
    return true;
  }

  /** Group epochs this device is in (for end-of-run checks and tests). */
  memberships(): Map<GroupName, number> {
    const out = new Map<GroupName, number>();
    for (const [g, s] of this.groups) if (s.state !== undefined) out.set(g, s.epoch);
    return out;
  }

  groupState(group: GroupName): GroupState | undefined {
    return this.groups.get(group)?.state;
  }

  /** Application messages still waiting for an epoch this device never reached. */
  undecryptedEarlyApps(): Envelope<Header>[] {
    return [...this.groups.values()].flatMap((s) => s.earlyApps);
  }

  private newSlot(): GroupSlot {
    return { state: undefined, epoch: -1, left: false, pending: undefined, ops: [], claiming: false, earlyHandshakes: new Map(), earlyApps: [] };
  }

  // ---- receiving ----

  protected async receive(env: Envelope<Header>): Promise<void> {
    const h = env.header!;
    if (!this.online) return this.bounce(this.id, env.kind, h, env.payload);
    if (this.services.membership?.intercept(this, env) === true) return;
    switch (h.op) {
      case 'kp-claimed':
        if (this.services.content?.isQueryAnswer(h) === true) return this.services.content.onQueryAnswer(this.id, h, env.payload);
        return this.onClaimed(h, env.payload);
      case 'commit-result':
        return this.onCommitResult(h);
      case 'handshake':
        return this.onHandshake(h.group, h.epoch, env.payload);
      case 'welcome':
        return this.onWelcome(h.group, env.payload);
      case 'app':
        if (h.clear === true) return this.services.content?.onClear(this, env);
        return this.onApplication(env);
      case 'proposal':
        return this.onProposal(h, env.payload);
      case 'group-info':
        return this.onGroupInfo(h, env.payload);
      default:
        throw new Error(`device ${this.id}: unexpected ${h.op}`);
    }
  }

  protected async onApplication(env: Envelope<Header>): Promise<void> {
    const h = env.header as Extract<Header, { op: 'app' }>;
    const { ledger, sim, trace } = this.world;
    if (!this.relays && (!ledger.isPending(h.msg, this.id) || this.settling.has(h.msg))) {
      // A second copy of a message already settled here (it reached this device by two groups, or a
      // replay), or being settled: its first copy is still in the modelled CPU time of decryption.
      this.services.stats.duplicates++;
      return;
    }
    const { engine, plaintexts, clock } = this.services;
    const slot = this.groups.get(h.group);
    const epoch = Number(clock.timeSync('peek', () => engine.peek(env.payload)).epoch ?? -1);
    if (slot?.left === true && epoch > slot.epoch) {
      // The sender had not yet seen this device's removal when it encrypted.
      plaintexts.release(h.msg);
      return ledger.reject(h.msg, this.id, sim.now, this.id, 'removed-from-group');
    }
    if (slot === undefined || slot.state === undefined || epoch > slot.epoch) {
      // Sent in an epoch this device has not reached: its commit or Welcome is still on its way.
      if (slot === undefined) this.groups.set(h.group, this.newSlot());
      this.groups.get(h.group)!.earlyApps.push(env);
      return;
    }
    const r = await clock.time('unprotect', () => engine.unprotect(slot.state!, env.payload));
    if (r.kind !== 'ok') {
      trace.emit({ type: 'decrypt', t: sim.now, msg: h.msg, by: this.id, ok: false, reason: r.reason });
      return this.onUndecryptable(h, `decrypt-${r.reason}`);
    }
    slot.state = r.state;
    return this.onDecrypted(h, r.plaintext, () => clock.timeSync('members', () => engine.members(r.state)).length);
  }

  /** Messages decrypted here whose outcome waits for the modelled CPU time (a replay must not settle them twice). */
  private readonly settling = new Set<MessageId>();

  /** A recipient that could not decrypt: the message is rejected here, with the reason. */
  protected onUndecryptable(h: Extract<Header, { op: 'app' }>, reason: string): void {
    const { ledger, sim } = this.world;
    this.services.plaintexts.release(h.msg);
    ledger.reject(h.msg, this.id, sim.now, this.id, reason);
  }

  /** An endpoint compares what it read with what was sent, and the message is delivered. */
  protected async onDecrypted(h: Extract<Header, { op: 'app' }>, plaintext: Uint8Array, groupSize: () => number): Promise<void> {
    const { ledger, sim, trace } = this.world;
    const { plaintexts } = this.services;
    // Content a relay altered: a client accepts it unless a content signature it checks catches it.
    const sigs = this.services.contentSignatures;
    const ok = plaintexts.matches(h.msg, plaintext) || sigs?.accepts(this.id, this.provider, h.msg, plaintext, sim.now) === true;
    const mismatch = sigs === undefined ? 'plaintext-mismatch' : 'content-signature-invalid';
    trace.emit({ type: 'decrypt', t: sim.now, msg: h.msg, by: this.id, ok, ...(!ok && { reason: mismatch }) });
    this.settling.add(h.msg);
    // The group's size only matters to a cost model; reading it decodes every leaf, so ask lazily.
    this.afterCpu(groupSize, () => {
      this.settling.delete(h.msg);
      // The client's own checks (spam filters, message requests...) may still refuse the message.
      const refused = ok && this.services.inbox?.active === true ? this.services.inbox.arrive({ device: this.id, user: this.user, provider: this.provider, group: h.group, msg: h.msg, sender: h.sender, plaintext, at: sim.now }) : undefined;
      if (refused !== undefined) ledger.reject(h.msg, this.id, sim.now, this.id, refused);
      else if (ok) {
        ledger.deliver(h.msg, this.id, sim.now);
        this.services.onDelivered?.(h.group, this.user, h.msg, this.id);
        this.services.content?.delivered(this.id, h, plaintext);
      }
      else ledger.reject(h.msg, this.id, sim.now, this.id, mismatch);
    });
  }

  private async onWelcome(group: GroupName, welcome: Uint8Array): Promise<void> {
    const { engine, clock, stats } = this.services;
    let slot = this.groups.get(group);
    if (slot?.state !== undefined && !slot.left) return; // already a member: a duplicate
    if (slot?.left === true) {
      // Added back after a removal: start over, keeping messages that wait for the new epochs.
      const fresh = this.newSlot();
      fresh.earlyApps.push(...slot.earlyApps);
      this.groups.set(group, (slot = fresh));
    }
    // The Welcome names the KeyPackages it is for (RFC 9420 §12.4.3.1 new_member refs): use ours.
    const reasons = new Set<string>();
    const addressed = new Set(engine.welcomeRecipients(welcome).map(hex));
    for (let i = 0; i < this.keyPackages.length; i++) {
      const kp = this.keyPackages[i]!;
      if (!addressed.has(kp.ref)) continue;
      const resumingFrom = this.suspendedFor(group);
      const r = await clock.time('join-welcome', () => engine.joinFromWelcome(this.members.get(kp.suite)!, welcome, kp.priv, resumingFrom === undefined ? {} : { resumingFrom }));
      if (r.kind !== 'ok') {
        reasons.add(`${r.reason}: ${r.detail}`);
        continue;
      }
      if (!kp.lastResort) {
        this.keyPackages.splice(i, 1);
        await this.publishKeyPackage(kp.suite, false); // replenish the directory
      }
      if (slot === undefined) this.groups.set(group, (slot = this.newSlot()));
      slot.state = r.state;
      slot.epoch = Number(engine.epoch(r.state));
      stats.welcomesJoined++;
      this.verify(group, slot);
      return this.afterEpochChange(group, slot);
    }
    if (reasons.size === 0) reasons.add('not-member: none of this device\'s KeyPackages is addressed');
    stats.welcomeFailures++;
    this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: 'join-welcome', by: this.id, group, epoch: -1, bytes: welcome.length, outcome: [...reasons].join('; ') });
  }

  /** This device's state of the group a committed ReInit moved to `group`, if any (RFC 9420 §11.2). */
  private suspendedFor(group: GroupName): GroupState | undefined {
    const { engine } = this.services;
    const id = hex(new TextEncoder().encode(group));
    for (const s of this.groups.values()) {
      const r = s.state === undefined || s.left ? undefined : engine.pendingReInit(s.state);
      if (r !== undefined && hex(r.groupId) === id) return s.state;
    }
    return undefined;
  }

  /**
   * The device is restored without history (reinstall from a key backup): every group state is gone,
   * its identities and KeyPackages are kept. Returns the groups it was in, for `rejoin` ops.
   */
  loseState(): GroupName[] {
    const lost: GroupName[] = [];
    for (const [group, slot] of this.groups) {
      if (slot.state === undefined || slot.left) continue;
      lost.push(group);
      this.groups.set(group, this.newSlot());
    }
    return lost;
  }

  /** RFC 9420 §12.4.3.2: the GroupInfo for a rejoin; an external commit removing this device's old leaf goes to the delivery service. */
  private async onGroupInfo(h: Extract<Header, { op: 'group-info' }>, payload: Uint8Array): Promise<void> {
    const slot = this.groups.get(h.group);
    if (slot === undefined || !slot.claiming || slot.ops[0]?.kind !== 'rejoin') return;
    slot.claiming = false;
    const { engine, clock, stats } = this.services;
    const member = payload.length === 0 ? undefined : this.members.get(engine.peek(payload).ciphersuite ?? -1);
    if (member === undefined) {
      // The service holds no current GroupInfo (its last commit carried none): ask again shortly.
      return void this.world.sim.schedule(micros(2_000_000), () => this.pump(h.group));
    }
    const r = await clock.time('join-external', () => engine.joinExternal(member, payload, { removePrior: true }));
    const op = slot.ops.shift()!;
    if (r.kind !== 'ok') {
      stats.opsAbandoned++;
      this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: 'commit-rejoin', by: this.id, group: h.group, epoch: h.epoch, bytes: 0, outcome: r.reason });
      return this.pump(h.group);
    }
    slot.pending = { op, epoch: h.epoch, state: r.state };
    // The new epoch's GroupInfo rides along, so the next device to rejoin finds a current one.
    const gi = await clock.time('group-info', () => engine.groupInfo(r.state));
    const header: Header = { op: 'commit', group: h.group, epoch: h.epoch, committer: this.id, adds: [this.id], removes: [this.id], attempt: stats.commitRetries };
    this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: 'commit-rejoin', by: this.id, group: h.group, epoch: h.epoch, bytes: r.commit.length });
    this.afterCpu(() => this.services.engine.members(r.state).length, () => this.toProvider('commit', header, frameAll([r.commit, new Uint8Array(0), gi])));
  }

  /** The user left `group` (or deleted the app): this client stops taking part; its last state is kept, never used. */
  depart(group: GroupName): void {
    const slot = this.groups.get(group);
    if (slot === undefined) return;
    slot.left = true;
    slot.ops.length = 0;
    slot.pending = undefined;
    slot.earlyHandshakes.clear();
  }

  /**
   * An external sender's proposal (RFC 9420 §12.1.8.1: a MIMI hub's Remove), kept pending for a commit
   * to include by reference; `commit` asks this member to be that committer.
   */
  private async onProposal(h: Extract<Header, { op: 'proposal' }>, payload: Uint8Array, tries = 0): Promise<void> {
    const slot = this.groups.get(h.group);
    if (slot?.state === undefined || slot.left || h.epoch < slot.epoch) return; // stale: the hub proposes again for the new epoch
    // Ahead of this member (its commit for the epoch before is still on the way): look again shortly.
    if (h.epoch > slot.epoch) return void (tries < 40 && this.world.sim.schedule(micros(50_000), () => this.onProposal(h, payload, tries + 1)));
    const { engine, clock } = this.services;
    const r = await clock.time('process-proposal', () => engine.processHandshake(slot.state!, payload));
    if (r.kind === 'rejected' && r.reason !== 'replay') {
      this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: 'process-proposal', by: this.id, group: h.group, epoch: slot.epoch, bytes: payload.length, outcome: r.reason });
      return;
    }
    if (r.kind === 'accepted') slot.state = r.state;
    // A commit that references it may have come first: it can be processed now.
    const waiting = slot.earlyHandshakes.get(slot.epoch);
    if (waiting !== undefined) {
      slot.earlyHandshakes.delete(slot.epoch);
      return this.applyCommit(h.group, slot, waiting);
    }
    if (h.commit) await this.request(h.group, { kind: 'apply-proposals' });
  }

  private async onHandshake(group: GroupName, epoch: number, commit: Uint8Array): Promise<void> {
    const slot = this.groups.get(group);
    const { stats } = this.services;
    if (slot === undefined || slot.state === undefined || slot.left) {
      // Not joined yet (commits before our Welcome are not ours to process), or already removed.
      return;
    }
    if (epoch < slot.epoch) {
      stats.staleHandshakes++;
      return;
    }
    if (epoch > slot.epoch) {
      slot.earlyHandshakes.set(epoch, commit);
      return;
    }
    await this.applyCommit(group, slot, commit);
  }

  private async applyCommit(group: GroupName, slot: GroupSlot, commit: Uint8Array): Promise<void> {
    const { engine, clock, stats } = this.services;
    const r = await clock.time('process-commit', () => engine.processHandshake(slot.state!, commit));
    if (r.kind === 'rejected' && r.reason === 'missing-proposal' && this.services.membership !== undefined) {
      // The hub's proposal it commits is still on its way (the network may reorder): wait for it (onProposal).
      slot.earlyHandshakes.set(slot.epoch, commit);
      return;
    }
    if (r.kind !== 'accepted') {
      stats.handshakeRejected++;
      this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: 'process-commit', by: this.id, group, epoch: slot.epoch, bytes: commit.length, outcome: r.reason });
      return;
    }
    if (slot.pending !== undefined) {
      // Our own commit for this epoch lost the race: the delivery service's rejection is on its way.
      slot.ops.unshift(slot.pending.op);
      slot.pending = undefined;
      stats.commitRetries++;
    }
    if (r.removedSelf) {
      slot.left = true;
      slot.ops.length = 0;
      slot.earlyHandshakes.clear();
      // Stragglers from later epochs will never be readable here.
      for (const e of slot.earlyApps.splice(0)) this.rejectRemoved(e);
      return;
    }
    slot.state = r.state;
    slot.epoch = Number(r.epoch);
    this.verify(group, slot);
    await this.afterEpochChange(group, slot);
  }

  private onCommitResult(h: Extract<Header, { op: 'commit-result' }>): Promise<void> | void {
    const slot = this.groups.get(h.group);
    const { stats, engine } = this.services;
    if (slot === undefined) return;
    if (h.accepted) {
      const p = slot.pending;
      if (p === undefined || p.epoch !== h.epoch) return;
      slot.pending = undefined;
      slot.state = p.state;
      slot.epoch = Number(engine.epoch(p.state));
      stats.commitsAccepted++;
      if (p.op.kind === 'rejoin') this.services.membership?.rejoined?.(this, h.group, slot.epoch);
      this.verify(h.group, slot);
      return this.afterEpochChange(h.group, slot);
    }
    stats.commitsRejected++;
    if (slot.pending !== undefined && slot.pending.epoch === h.epoch) {
      slot.ops.unshift(slot.pending.op);
      slot.pending = undefined;
      stats.commitRetries++;
    }
    if (h.reason !== 'wrong-epoch') {
      // Not a lost race (we are not a member, or the group is unknown): the op cannot succeed.
      slot.ops.shift();
      stats.opsAbandoned++;
    }
    return this.pump(h.group);
  }

  private async afterEpochChange(group: GroupName, slot: GroupSlot): Promise<void> {
    const next = slot.earlyHandshakes.get(slot.epoch);
    for (const e of [...slot.earlyHandshakes.keys()]) if (e < slot.epoch) slot.earlyHandshakes.delete(e);
    if (next !== undefined) {
      slot.earlyHandshakes.delete(slot.epoch);
      return this.applyCommit(group, slot, next);
    }
    const { engine } = this.services;
    const ready = slot.earlyApps.filter((e) => Number(engine.peek(e.payload).epoch ?? -1) <= slot.epoch);
    if (ready.length > 0) {
      slot.earlyApps.splice(0, slot.earlyApps.length, ...slot.earlyApps.filter((e) => !ready.includes(e)));
      for (const e of ready) await this.onApplication(e);
    }
    await this.pump(group);
  }

  private rejectRemoved(env: Envelope<Header>): void {
    const h = env.header as Extract<Header, { op: 'app' }>;
    this.services.plaintexts.release(h.msg);
    this.world.ledger.reject(h.msg, this.id, this.world.sim.now, this.id, 'removed-from-group');
  }

  private verify(group: GroupName, slot: GroupSlot): void {
    this.services.verifier.report(this.world.sim.now, group, slot.epoch, this.id, this.services.engine.epochAuthenticator(slot.state!));
    this.services.rosterCheck?.check(this, group, slot.epoch, slot.state!);
    this.services.content?.onEpoch(this, group, slot.state!);
  }

  // ---- committing ----

  /** Starts the head op if nothing is in flight: claims KeyPackages if it adds users, then commits. */
  private async pump(group: GroupName): Promise<void> {
    const slot = this.groups.get(group);
    if (slot === undefined || slot.pending !== undefined || slot.claiming || !this.online || slot.left) return;
    const op = slot.ops[0];
    if (op === undefined) return;
    if (op.kind === 'rejoin') {
      if (slot.state !== undefined) return void slot.ops.shift(); // back already
      // Ask the group's delivery service for its GroupInfo; the external commit follows (onGroupInfo).
      slot.claiming = true;
      return this.toProvider('control', { op: 'group-info-request', group, device: this.id }, new Uint8Array(0));
    }
    if (op.kind === 'create' && slot.state === undefined && this.services.content !== undefined && op.negotiated !== true) {
      // First ask what the invitees' clients can do: the group's suite and who is reached in clear follow.
      slot.claiming = true;
      return this.services.content.negotiate(this, group, op, (decided) => {
        slot.claiming = false;
        if (slot.ops[0] === op) slot.ops[0] = decided;
        return this.pump(group);
      });
    }
    if (op.kind === 'create' && op.resumeFrom !== undefined && slot.state === undefined) {
      // The new group of a ReInit: claim the members' KeyPackages in the new suite, then reinitWelcome.
      slot.claiming = true;
      const request = this.nextClaim++;
      this.pendingClaims.set(request, { group, waiting: op.invitees.length, packages: [], devices: [] });
      if (op.invitees.length === 0) return this.resumeGroup(group, slot, op, [], []);
      for (const c of op.invitees) {
        const claim: Header = { op: 'kp-claim', request, requester: this.id, user: c.user, suite: op.ciphersuite, group };
        this.toProvider('control', claim, new Uint8Array(0));
      }
      return;
    }
    if (op.kind === 'create' && slot.state === undefined) {
      const member = this.members.get(op.ciphersuite);
      if (member === undefined) {
        slot.ops.shift(); // this device cannot speak the group's suite
        this.services.stats.opsAbandoned++;
        return;
      }
      const extensions = await this.services.membership?.groupExtensions(group, op.ciphersuite);
      const r = await this.services.engine.createGroup(member, new TextEncoder().encode(group), extensions === undefined ? undefined : { extensions });
      slot.state = r.state;
      slot.epoch = 0;
    }
    if (slot.state === undefined) return;
    const users = op.kind === 'create' ? op.invitees : op.kind === 'add' ? op.users : [];
    if (users.length > 0) {
      slot.claiming = true;
      const request = this.nextClaim++;
      // One claim per user; the commit waits for all of them.
      this.pendingClaims.set(request, { group, waiting: users.length, packages: [], devices: [] });
      const suite = this.services.engine.ciphersuite(slot.state);
      for (const c of users) {
        const claim: Header = { op: 'kp-claim', request, requester: this.id, user: c.user, suite, group, ...(c.identifier !== undefined && { identifier: c.identifier }) };
        this.toProvider('control', claim, new Uint8Array(0));
      }
      return;
    }
    await this.commit(group, slot, op, [], []);
  }

  private readonly pendingClaims = new Map<number, { group: GroupName; waiting: number; packages: Uint8Array[]; devices: NodeId[] }>();

  private async onClaimed(h: Extract<Header, { op: 'kp-claimed' }>, payload: Uint8Array): Promise<void> {
    const c = this.pendingClaims.get(h.request);
    if (c === undefined) return;
    const [packageFrame, attestationFrame, evidenceFrame] = unframeAll(payload);
    const packages = unframeAll(packageFrame ?? new Uint8Array(0));
    const attestations = unframeAll(attestationFrame ?? new Uint8Array(0));
    // Key transparency: an inclusion proof per package, when the provider runs a log.
    const evidence = evidenceFrame === undefined ? [] : unframeAll(evidenceFrame);
    const trust = this.services.keyTrust;
    const home = this.serverOf(h.devices[0]);
    h.devices.forEach((d, i) => {
      const kp = packages[i];
      // Only keys that pass this device's verification mode get into the group.
      if (kp === undefined || (trust !== undefined && !trust.check(this.id, d, home, kp, attestations[i], this.world.sim.now, evidence[i], { group: c.group, user: h.user }))) return;
      c.packages.push(kp);
      c.devices.push(d);
    });
    if (--c.waiting > 0) return;
    this.pendingClaims.delete(h.request);
    const slot = this.groups.get(c.group);
    if (slot === undefined) return;
    slot.claiming = false;
    const op = slot.ops[0];
    if (op?.kind === 'create' && op.resumeFrom !== undefined && slot.state === undefined) return this.resumeGroup(c.group, slot, op, c.packages, c.devices);
    if (op === undefined || slot.state === undefined) return;
    // Devices already in the group (a re-add of a live member) are skipped.
    const present = new Set(this.services.engine.members(slot.state).map((m) => m.identity));
    const keep = c.devices.map((d, i) => [d, c.packages[i]!] as const).filter(([d]) => !present.has(d));
    await this.commit(c.group, slot, op, keep.map(([, kp]) => kp), keep.map(([d]) => d));
  }

  private async commit(group: GroupName, slot: GroupSlot, op: GroupOp, adds: Uint8Array[], addDevices: NodeId[]): Promise<void> {
    const { engine, clock, stats } = this.services;
    const state = slot.state!;
    const members = engine.members(state);
    const removes: { leaf: LeafIndex; device: NodeId }[] =
      op.kind === 'remove' ? members.filter((m) => op.devices.includes(m.identity as NodeId)).map((m) => ({ leaf: m.leafIndex, device: m.identity as NodeId })) : [];
    const proposalsOnly = op.kind === 'apply-proposals';
    if (adds.length === 0 && removes.length === 0 && op.kind !== 'update' && op.kind !== 'create' && op.kind !== 'reinit' && (!proposalsOnly || engine.pendingProposals(state).length === 0)) {
      slot.ops.shift(); // nothing left to do (members already gone, or no packages to add)
      stats.opsAbandoned++;
      return this.pump(group);
    }
    const r = await clock.time(`commit-${op.kind}`, () =>
      engine.commit(state, {
        adds,
        removes: removes.map((x) => x.leaf),
        forcePath: op.kind === 'update',
        // An update carries the member's current leaf contents: capabilities an upgrade changed reach the group.
        ...(op.kind === 'update' && this.services.content !== undefined && { revisedMember: this.members.get(engine.ciphersuite(state)) }),
        // A ReInit is committed alone (RFC 9420 §12.2).
        ...(op.kind === 'reinit' && { reinit: { groupId: new TextEncoder().encode(op.successor), ciphersuite: op.ciphersuite }, pending: [] }),
        ...(this.services.membership?.wantsGroupInfo(group) === true && { groupInfo: true }),
      }),
    );
    if (r.kind !== 'ok') {
      slot.ops.shift();
      stats.opsAbandoned++;
      this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: `commit-${op.kind}`, by: this.id, group, epoch: slot.epoch, bytes: 0, outcome: r.reason });
      return this.pump(group);
    }
    slot.ops.shift();
    slot.pending = { op, epoch: slot.epoch, state: r.state };
    const header: Header = {
      op: 'commit',
      group,
      epoch: slot.epoch,
      committer: this.id,
      adds: addDevices,
      // Removes the commit took from pending proposals (a hub's external Remove) are roster changes too.
      removes: [...removes.map((x) => x.device), ...r.removedMembers.map((m) => m.identity as NodeId).filter((d) => !removes.some((x) => x.device === d))],
      attempt: stats.commitRetries,
    };
    // A MIMI hub keeps the group's public state: the new epoch's GroupInfo rides as a third frame, for the hub only.
    const payload = r.groupInfo !== undefined ? frameAll([r.commit, r.welcome ?? new Uint8Array(0), r.groupInfo]) : r.welcome === undefined ? frameAll([r.commit]) : frameAll([r.commit, r.welcome]);
    this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: `commit-${op.kind}`, by: this.id, group, epoch: slot.epoch, bytes: r.commit.length + (r.welcome?.length ?? 0) });
    this.afterCpu(members.length, () => this.toProvider('commit', header, payload));
  }

  /**
   * RFC 9420 §11.2: the new group of a ReInit this device committed, with the members of the suspended
   * group (only they hold the resumption PSK), from KeyPackages claimed in the new suite. Its first
   * commit goes to the delivery service like a created group's, with the Welcome.
   */
  private async resumeGroup(group: GroupName, slot: GroupSlot, op: Extract<GroupOp, { kind: 'create' }>, packages: Uint8Array[], devices: NodeId[]): Promise<void> {
    const { engine, clock, stats } = this.services;
    slot.claiming = false;
    const old = this.groups.get(op.resumeFrom!)?.state;
    const member = this.members.get(op.ciphersuite);
    if (old === undefined || member === undefined || engine.pendingReInit(old) === undefined) {
      slot.ops.shift();
      stats.opsAbandoned++;
      return;
    }
    const inOld = new Set(engine.members(old).map((m) => m.identity));
    const keep = devices.map((d, i) => [d, packages[i]!] as const).filter(([d]) => inOld.has(d) && d !== this.id);
    const r = await clock.time('commit-reinit-welcome', () => engine.reinitWelcome(old, member, keep.map(([, kp]) => kp)));
    slot.ops.shift();
    if (r.kind !== 'ok') {
      stats.opsAbandoned++;
      this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: 'reinit-welcome', by: this.id, group, epoch: 0, bytes: 0, outcome: r.reason });
      return;
    }
    slot.epoch = 0;
    slot.pending = { op, epoch: 0, state: r.state };
    const header: Header = { op: 'commit', group, epoch: 0, committer: this.id, adds: keep.map(([d]) => d), removes: [], attempt: stats.commitRetries };
    this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: 'commit-reinit-welcome', by: this.id, group, epoch: 0, bytes: r.commit.length + r.welcome.length });
    this.afterCpu(keep.length + 1, () => this.toProvider('commit', header, frameAll([r.commit, r.welcome])));
  }

  /** The server a device is registered at (the prefix of its id). */
  private serverOf(device: NodeId | undefined): NodeId {
    return (device === undefined ? this.provider : device.slice(0, device.indexOf('/'))) as NodeId;
  }

  /**
   * Runs `then` once the device's modelled CPU has finished the operation just done (virtual time,
   * from the scenario's cost model; with a zero model it runs at once).
   */
  protected afterCpu(groupSize: number | (() => number), then: () => void): void {
    const { perOperationMicros, perMemberMicros } = this.services.cpuModel;
    const cost = perOperationMicros + (perMemberMicros === 0 ? 0 : perMemberMicros * (typeof groupSize === 'number' ? groupSize : groupSize()));
    if (cost <= 0) return then();
    const { sim } = this.world;
    sim.scheduleAt(this.services.busy.charge(this.id, sim.now, micros(cost)), then);
  }

  protected toProvider(kind: PayloadKind, header: Header, payload: Uint8Array): void {
    sendReliably(this.world, this.id, this.provider, kind, header, payload, () => {
      // The access link failed for good; a real client would resync. Recorded as a wire drop.
    });
  }
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
