import { micros, type MessageId, type NodeId } from '../core/index.ts';
import type { GroupState } from '../mls/engine.ts';
import type { Envelope } from '../net/index.ts';
import type { PayloadKind, SkipReason } from '../trace/index.ts';
import type { ConversationProtocol, DeviceHost, DropReason, ProtocolName } from './conversation/conversationProtocol.ts';
import { MlsStack } from './conversation/mls/mlsStack.ts';
import { SignalStack } from './conversation/signal/signalStack.ts';
import type { SignalDeviceState } from './signal/deviceState.ts';
import type { DeviceServices } from './deviceServices.ts';
import type { GroupOp } from './groupOp.ts';
import type { GroupName, Header, UserId } from './protocol.ts';
import { sendReliably } from './reliableSender.ts';
import type { World } from './world.ts';

/** Why the workload's send did not happen (sim/trace/records.ts); the workload records it. */
export type { SkipReason };
export { newDeviceStats, type CpuModel, type DeviceServices, type DeviceStats } from './deviceServices.ts';

type AppHeader = Extract<Header, { op: 'app' }>;

/**
 * One device of one user, whatever protocol its conversations use: its connection to its provider,
 * presence, the workload's sends, the accounting of every copy it receives (compared with what was
 * sent, the client's own checks, one ledger outcome each) and its modelled CPU. The protocols live in
 * the stacks it holds (sim/actors/conversation): one per protocol it speaks, chosen per conversation.
 */
export class DeviceActor implements DeviceHost {
  private online = true;
  /** The protocol stacks this device holds, the first being its own provider's protocol. */
  private readonly stacks: readonly ConversationProtocol[];
  /** Which stack asked for the key material a request number answers. */
  private readonly claims = new Map<number, ConversationProtocol>();
  private requests = 0;

  constructor(
    readonly world: World,
    readonly services: DeviceServices,
    readonly id: NodeId,
    readonly user: UserId,
    readonly provider: NodeId,
    ciphersuites: readonly number[],
    private readonly onOffline: (device: NodeId) => void,
    protected readonly bounce: (device: NodeId, kind: PayloadKind, header: Header, payload: Uint8Array) => void,
    /** The protocols this device speaks; by default those of its provider (the world's arrangements say). */
    protocols: readonly ProtocolName[] = services.protocolsAt?.(provider) ?? [services.signal !== undefined ? 'signal' : 'mls'],
  ) {
    this.stacks = protocols.map((p): ConversationProtocol => {
      switch (p) {
        case 'mls':
          return new MlsStack(this, ciphersuites);
        case 'signal':
          return new SignalStack(this);
        default:
          return unreachable(p);
      }
    });
    world.net.attach(
      id,
      (env) => this.receive(env as Envelope<Header>),
      (env) => this.incoming(env as Envelope<Header>),
    );
  }

  /** A relaying member (a bridge) is no recipient in the ledger: it decrypts what is not addressed to it. */
  readonly relays: boolean = false;

  /** True once the device has its identities and has published its key material. */
  ready = false;

  get isOnline(): boolean {
    return this.online;
  }

  /** The protocols this device speaks, in the order its stacks were made. */
  get protocols(): ProtocolName[] {
    return this.stacks.map((s) => s.protocol);
  }

  /** The Signal stack's whole protocol state now (what a thief imaging the device copies), if it speaks Signal. */
  signalState(): SignalDeviceState | undefined {
    return this.stacks.find((s): s is SignalStack => s instanceof SignalStack)?.protocolState();
  }

  /**
   * Each stack creates its identities and publishes `count` one-time key packages (or bundles) and a
   * last-resort one, in order. Undefined when every stack was done at once (its work made ahead).
   */
  start(count: number): void | Promise<void> {
    return this.startFrom(0, count);
  }

  private startFrom(first: number, count: number): void | Promise<void> {
    for (let i = first; i < this.stacks.length; i++) {
      const pending = this.stacks[i]!.start(count);
      if (pending !== undefined) return pending.then(() => this.startFrom(i + 1, count));
    }
    this.ready = true;
  }

  /** The client was upgraded (sim/actors/content): every stack advertises its new capabilities. */
  async upgrade(): Promise<void> {
    if (!this.ready) return;
    for (const s of this.stacks) await s.upgrade();
  }

  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    // A client whose API is broken cannot reconnect; the update reconnects it (sim/actors/multiClient).
    if (online) {
      if (this.services.apiGate?.cut(this.id) !== true) this.toProvider('control', { op: 'online', device: this.id }, new Uint8Array(0));
    } else this.onOffline(this.id);
  }

  /**
   * The stack that carries `group`: the one already holding it, else the protocol the world assigns
   * to it (sim/runner: the arrangement of its providers), else the device's first.
   */
  private stackFor(group: GroupName): ConversationProtocol {
    // Indexed, not destructured: every send and copy asks, and cold code would run the array iterator.
    const first = this.stacks[0];
    if (first === undefined) throw new Error(`device ${this.id}: no protocol stack`);
    if (this.stacks.length === 1) return first;
    const held = this.stacks.find((s) => s.knows(group));
    if (held !== undefined) return held;
    const wanted = this.services.protocolOf?.(group);
    return this.stacks.find((s) => s.protocol === wanted) ?? first;
  }

  isMember(group: GroupName): boolean {
    return this.stackFor(group).isMember(group);
  }

  /** Queues a membership change on the stack that carries `group`. */
  request(group: GroupName, op: GroupOp): Promise<void> {
    return this.stackFor(group).request(group, op);
  }

  /** Why this device cannot send in `group` now (before looking at recipients), or undefined if it can. */
  sendBlocker(group: GroupName): Exclude<SkipReason, 'no-recipients'> | undefined {
    const blocker = this.stackFor(group).sendBlocker(group);
    // Offline first; then a multi-protocol client whose API for this service is broken (sim/actors/multiClient).
    return blocker === 'sender-offline' ? blocker : (this.services.apiGate?.sendBlocker(this.id) ?? blocker);
  }

  /**
   * Encrypts and sends an application message to every other member of the group. False if nothing
   * was sent: `sendBlocker` says why, or else the group has no one to send to.
   */
  async sendApplication(group: GroupName, msg: MessageId, plaintext: Uint8Array): Promise<boolean> {
    if (this.sendBlocker(group) !== undefined) return false;
    // A multi-protocol client whose API for this service is broken queues the send until its update.
    if (this.services.apiGate?.hold(this.id, group, msg, plaintext, () => this.sendApplication(group, msg, plaintext)) === true) return true;
    return this.stackFor(group).sendApplication(group, msg, plaintext);
  }

  /** Re-encrypts a message already in the ledger into `group` (a relaying member); see ConversationProtocol.relay. */
  protected relayInto(group: GroupName, msg: MessageId, plaintext: Uint8Array, recipients: readonly NodeId[], lost: (reason: DropReason) => void): Promise<boolean> {
    return this.stackFor(group).relay(group, msg, plaintext, recipients, lost);
  }

  /** The protocol that carries `group` on this device. */
  protocolOf(group: GroupName): ProtocolName {
    return this.stackFor(group).protocol;
  }

  /** The other members' devices of a conversation this device is in. */
  peers(group: GroupName): NodeId[] {
    return this.stackFor(group).peers(group);
  }

  /** Group epochs (or roster versions) this device is in (for end-of-run checks and tests). */
  memberships(): Map<GroupName, number> {
    const out = new Map<GroupName, number>();
    for (const s of this.stacks) for (const [g, e] of s.memberships()) out.set(g, e);
    return out;
  }

  /** The MLS state of `group`, if an MLS group carries it here. */
  groupState(group: GroupName): GroupState | undefined {
    return this.stackFor(group).groupState(group);
  }

  /** Application messages still waiting for an epoch (or a key) this device never reached. */
  undecryptedEarlyApps(): Envelope<Header>[] {
    return this.stacks.flatMap((s) => s.undecryptedEarlyApps());
  }

  /** The user left `group` (or deleted the app): the client stops taking part in it (sim/actors/membership). */
  depart(group: GroupName): void {
    this.stackFor(group).depart?.(group);
  }

  /** The device is restored without history: its stacks drop their group states; the groups it was in. */
  loseState(): GroupName[] {
    return this.stacks.flatMap((s) => s.loseState?.() ?? []);
  }

  // ---- what the stacks call back ----

  nextRequest(stack: ConversationProtocol): number {
    const n = this.requests++;
    if (this.stacks.length > 1) this.claims.set(n, stack);
    return n;
  }

  isDuplicate(h: AppHeader): boolean {
    if (this.relays || (this.world.ledger.isPending(h.msg, this.id) && !this.settling.has(h.msg))) return false;
    // A second copy of a message already settled here (it reached this device by two groups, or a
    // replay), or being settled: its first copy is still in the modelled CPU time of decryption.
    this.services.stats.duplicates++;
    return true;
  }

  decrypted(h: AppHeader, plaintext: Uint8Array, groupSize: () => number): void | Promise<void> {
    return this.onDecrypted(h, plaintext, groupSize);
  }

  undecryptable(h: AppHeader, reason: string): void {
    this.onUndecryptable(h, reason);
  }

  // ---- receiving ----

  // Not async: most copies are handled without waiting, and an async wrapper costs promises per copy.
  protected receive(env: Envelope<Header>): void | Promise<void> {
    const h = env.header!;
    if (!this.online || this.services.apiGate?.cut(this.id) === true) return this.bounce(this.id, env.kind, h, env.payload);
    if (this.services.membership?.intercept(this, env) === true) return;
    switch (h.op) {
      case 'kp-claimed': {
        if (this.services.content?.isQueryAnswer(h) === true) return this.services.content.onQueryAnswer(this.id, h, env.payload);
        // One request may be answered several times (an MLS commit claims each invitee under one number).
        const stack = this.stacks.length === 1 ? this.stacks[0] : this.claims.get(h.request);
        return stack?.receive(env);
      }
      case 'commit-result':
      case 'handshake':
      case 'welcome':
      case 'pairwise':
      case 'proposal':
      case 'group-info':
        return this.stackFor(h.group).receive(env);
      case 'app':
        if (h.clear === true) return this.services.content?.onClear(this, env);
        return this.stackFor(h.group).receive(env);
      default:
        throw new Error(`device ${this.id}: unexpected ${h.op}`);
    }
  }

  /**
   * An application message is on its last link to this device: the stack that will take it may start
   * decrypting it now (ConversationProtocol.incoming). Changes nothing in the simulation.
   */
  protected incoming(env: Envelope<Header>): void {
    const h = env.header;
    if (h?.op !== 'app' || h.clear === true || !this.online || this.relays) return;
    this.stackFor(h.group).incoming?.(env);
  }

  /** Messages decrypted here whose outcome waits for the modelled CPU time (a replay must not settle them twice). */
  private readonly settling = new Set<MessageId>();

  /** A recipient that could not decrypt: the message is rejected here, with the reason. */
  protected onUndecryptable(h: AppHeader, reason: string): void {
    const { ledger, sim } = this.world;
    this.services.plaintexts.release(h.msg);
    ledger.reject(h.msg, this.id, sim.now, this.id, reason);
  }

  /** An endpoint compares what it read with what was sent, and the message is delivered. */
  protected onDecrypted(h: AppHeader, plaintext: Uint8Array, groupSize: () => number): void | Promise<void> {
    const { ledger, sim, trace } = this.world;
    const { plaintexts } = this.services;
    // Content a relay altered: a client accepts it unless a content signature it checks catches it.
    const sigs = this.services.contentSignatures;
    const ok = plaintexts.matches(h.msg, plaintext) || sigs?.accepts(this.id, this.provider, h.msg, plaintext, sim.now) === true;
    const mismatch = sigs === undefined ? 'plaintext-mismatch' : 'content-signature-invalid';
    // Two literals, not a spread: a spread in a literal builds the record the slow way, once per copy.
    trace.emit(ok ? { type: 'decrypt', t: sim.now, msg: h.msg, by: this.id, ok } : { type: 'decrypt', t: sim.now, msg: h.msg, by: this.id, ok, reason: mismatch });
    // With no modelled CPU (the usual case) the outcome is settled now, without a closure per copy.
    const { perOperationMicros, perMemberMicros } = this.services.cpuModel;
    if (perOperationMicros <= 0 && perMemberMicros === 0) return this.settle(h, plaintext, ok, mismatch);
    this.settling.add(h.msg);
    // The group's size only matters to a cost model; reading it decodes every leaf, so ask lazily.
    this.afterCpu(groupSize, () => {
      this.settling.delete(h.msg);
      this.settle(h, plaintext, ok, mismatch);
    });
  }

  /** A decrypted copy's one outcome: delivered (and rendered), or rejected by the client's own checks or as a mismatch. */
  private settle(h: AppHeader, plaintext: Uint8Array, ok: boolean, mismatch: string): void {
    const { ledger, sim } = this.world;
    // The client's own checks (spam filters, message requests...) may still refuse the message.
    const refused = ok && this.services.inbox?.active === true ? this.services.inbox.arrive({ device: this.id, user: this.user, provider: this.provider, group: h.group, msg: h.msg, sender: h.sender, plaintext, at: sim.now }) : undefined;
    if (refused !== undefined) ledger.reject(h.msg, this.id, sim.now, this.id, refused);
    else if (ok) {
      ledger.deliver(h.msg, this.id, sim.now);
      this.services.onDelivered?.(h.group, this.user, h.msg, this.id);
      this.services.content?.delivered(this.id, h, plaintext);
    }
    else ledger.reject(h.msg, this.id, sim.now, this.id, mismatch);
  }

  /**
   * Runs `then` once the device's modelled CPU has finished the operation just done (virtual time,
   * from the scenario's cost model; with a zero model it runs at once).
   */
  afterCpu(groupSize: number | (() => number), then: () => void): void {
    const { perOperationMicros, perMemberMicros } = this.services.cpuModel;
    const cost = perOperationMicros + (perMemberMicros === 0 ? 0 : perMemberMicros * (typeof groupSize === 'number' ? groupSize : groupSize()));
    if (cost <= 0) return then();
    const { sim } = this.world;
    sim.scheduleAt(this.services.busy.charge(this.id, sim.now, micros(cost)), then);
  }

  toProvider(kind: PayloadKind, header: Header, payload: Uint8Array): void {
    sendReliably(this.world, this.id, this.provider, kind, header, payload, gaveUp);
  }
}

/** The access link failed for good; a real client would resync. Recorded as a wire drop (one shared handler, no closure per send). */
function gaveUp(): void {}

function unreachable(x: never): never {
  throw new Error(`unknown protocol ${String(x)}`);
}
