import { at, messageId, seconds, type MessageId, type NodeId, type SimTime } from '../../core/index.ts';
import {
  chooseRepresentation,
  CONTENT_CAPABILITIES_EXTENSION_TYPE,
  contentCapabilitiesExtension,
  decodeContentCapabilities,
  decodeMessage,
  DecodeError,
  encodeMessage,
  recipientFidelity,
  render,
  renderBytes,
  type RenderOutcome,
  selectCiphersuite,
  type ContentCapabilities,
  type Message,
  type SuiteInfo,
  type SuitePreference,
} from '../../content/index.ts';
import type { Envelope } from '../../net/index.ts';
import type { GroupState, MlsEngine, ReviseMemberOptions } from '../../mls/engine.ts';
import { conversationOf } from '../conversation.ts';
import type { DeviceActor } from '../device.ts';
import type { DeviceHost } from '../conversation/conversationProtocol.ts';
import type { Exposures } from '../exposures.ts';
import type { Contact, GroupOp } from '../groupOp.ts';
import type { GroupName, Header, UserId } from '../protocol.ts';
import { sendReliably } from '../reliableSender.ts';
import type { SentPlaintexts } from '../sentPlaintexts.ts';
import { homeOfGroup, userOfDevice, type World } from '../world.ts';
import { decodeCapabilityAnswer, isCapabilityAnswer } from './capabilityQuery.ts';
import { ContentClient, type ClientPolicy } from './clientPolicy.ts';
import type { ContentMix } from './contentMix.ts';
import { newContentStats, type ContentStats } from './contentStats.ts';

export type Indicator = 'verified' | 'encrypted' | 'not-encrypted';
type CreateOp = Extract<GroupOp, { kind: 'create' }>;
type AppHeader = Extract<Header, { op: 'app' }>;

export interface ContentSettings {
  /** What messages are made of (the workload draws each message's parts from it). */
  readonly mix: ContentMix;
  readonly representation: 'lowest-common-denominator' | 'per-recipient';
  readonly suitePreference: SuitePreference;
  readonly migrateToPostQuantum: boolean;
  /** Peers' suites come from their signed KeyPackages (verified) rather than the directory's listing. */
  readonly authenticatedCapabilities: boolean;
  /** What an end-to-end encrypted copy shows its reader (keys checked by attestation: verified). */
  readonly e2eeIndicator: 'verified' | 'encrypted';
  readonly suites: readonly SuiteInfo[];
  /** Client policy of a device (by its provider). */
  readonly policyOf: (device: NodeId) => ClientPolicy;
  /** When the workload stops: upgrades after it are not scheduled. */
  readonly end: SimTime;
}

interface Query {
  readonly device: DeviceHost;
  readonly group: GroupName;
  readonly op: CreateOp;
  readonly resume: (op: CreateOp) => Promise<void>;
  waiting: number;
  readonly answers: { readonly devices: readonly NodeId[]; readonly listing: readonly (readonly number[])[]; readonly evidence: readonly Uint8Array[] }[];
}

/** Fixed per message at send: what was meant and how it went out. */
interface SentContent {
  readonly intended: Message;
  readonly conversation: string;
  left: number;
}

/**
 * The content and capability layer of a run, shared by every device: client versions and their
 * upgrades over virtual time, capability discovery before a group is created (and the suite the
 * group gets), the representation a sender picks for its group, rendering and feature fidelity at
 * each recipient, post-quantum migration of groups, and the cleartext transport fallback.
 */
/** Who wants to hear of each message sent and each copy rendered. */
export interface ContentObserver {
  sent(msg: string, how: { readonly clear: boolean; readonly pq: boolean }): void;
  rendered(device: string, msg: string, fidelity: number, fellBack: boolean): void;
}

/** Copies measured together (ContentRuntime.delivered). */
const DELIVERED_RUN = 256;

export class ContentRuntime {
  private readonly counts: ContentStats = newContentStats();

  /** What the runtime counted; copies delivered and not yet measured are measured first. */
  get stats(): ContentStats {
    this.measureDelivered();
    return this.counts;
  }

  /** Told each message sent and each copy rendered (per-provider-pair measures, sim/trace/perPair). */
  observer?: ContentObserver;
  private readonly clients = new Map<NodeId, ContentClient>();
  private readonly queries = new Map<string, Query>();
  private nextQuery = 0;
  private readonly sent = new Map<MessageId, SentContent>();
  /** Devices of each group reachable only in clear (no MLS client, or no suite in common). */
  private readonly clearPeers = new Map<GroupName, NodeId[]>();
  private readonly successors = new Map<GroupName, GroupName>();
  private readonly migrating = new Map<GroupName, GroupName>();
  /** ReInits proposed and not yet committed: who creates the new group, and with whom. */
  private readonly reinits = new Map<GroupName, { readonly by: NodeId; readonly next: GroupName; readonly users: { user: UserId }[] }>();
  private readonly lastMessage = new Map<string, string>();
  /** Group lifetimes and each message's protection, for the time series. */
  readonly groupLife = new Map<GroupName, { from: SimTime; to?: SimTime; pq: boolean }>();
  readonly sends: { t: SimTime; pq: boolean; clear: boolean }[] = [];
  /** When each registered device first ran an upgraded client (absent: never upgraded), for heterogeneity over time. */
  readonly upgradedAt = new Map<NodeId, SimTime | undefined>();
  /** Relaying members (a re-encrypting bridge): groups with one are not migrated. */
  readonly relays = new Set<NodeId>();

  constructor(
    private readonly world: World,
    private readonly engine: MlsEngine,
    readonly settings: ContentSettings,
    private readonly plaintexts: SentPlaintexts,
    private readonly exposures: Exposures,
  ) {
    // Clear traffic is read by every server it crosses: ground truth from the bytes they handled.
    world.net.observeArrivals((env, node) => {
      const h = env.header as Header | undefined;
      if (h?.op === 'app' && h.clear === true && !node.includes('/')) exposures.observe(node, h.msg, env.payload, 'provider');
    });
  }

  // ---- clients and upgrades ----

  client(device: NodeId): ContentClient {
    let c = this.clients.get(device);
    if (c === undefined) {
      // Its place on the upgrades' rollout curves: drawn only when there are upgrades (the stream is its own).
      const policy = this.settings.policyOf(device);
      c = new ContentClient(policy, policy.upgrades.length === 0 ? 0 : this.world.streams.stream(`content/upgrade/${device}`).uniform(0, 1));
      this.clients.set(device, c);
    }
    return c;
  }

  /** Registers a starting device: the upgrades it will adopt are scheduled at their instants. */
  register(device: DeviceHost): ContentClient {
    const c = this.client(device.id);
    this.upgradedAt.set(device.id, c.stage > 0 ? this.world.sim.now : undefined);
    if (c.policy.upgrades.length === 0) return c; // nothing to adopt, nothing to schedule
    const endSeconds = this.settings.end / 1e6;
    c.adoptionTimes(endSeconds).forEach((t, i) => {
      if (t === undefined) return;
      if (t <= this.world.sim.now / 1e6) {
        c.stage = Math.max(c.stage, i + 1);
        if (this.upgradedAt.get(device.id) === undefined) this.upgradedAt.set(device.id, this.world.sim.now);
        return;
      }
      this.world.sim.scheduleAt(at(seconds(t)), async () => {
        if (c.stage > i) return;
        c.stage = i + 1;
        this.counts.upgrades++;
        if (this.upgradedAt.get(device.id) === undefined) this.upgradedAt.set(device.id, this.world.sim.now);
        await device.upgrade();
      });
    });
    return c;
  }

  /** Leaf contents of a device's MLS members: its suites and its content capabilities extension (`c`: its client, when the caller has it). */
  memberOptions(device: NodeId, c: ContentClient = this.client(device)): ReviseMemberOptions {
    if (this.disclaimsTimers.size > 0 && this.disclaimsTimers.has(device)) return { capabilities: { ciphersuites: c.ciphersuites }, leafExtensions: [contentCapabilitiesExtension({ ...c.content, honorsExpiry: false })] };
    // One frozen value per (capabilities, suites) a client version has, shared by every device running it
    // (thousands start with the same client): asked twice per start, compared whole when made ahead.
    const { content, ciphersuites } = c;
    let bySuites = this.leafOptions.get(content);
    if (bySuites === undefined) this.leafOptions.set(content, (bySuites = new Map()));
    let o = bySuites.get(ciphersuites);
    if (o === undefined) bySuites.set(ciphersuites, (o = Object.freeze({ capabilities: Object.freeze({ ciphersuites }), leafExtensions: Object.freeze([contentCapabilitiesExtension(content)]) })));
    return o;
  }

  /** `memberOptions`' shared values, by the client's content capabilities and suites. */
  private readonly leafOptions = new WeakMap<ContentCapabilities, Map<readonly number[], ReviseMemberOptions>>();

  /** Devices whose (modified) client says in its leaf that it does not honour disappearing-message timers. */
  private readonly disclaimsTimers = new Set<NodeId>();

  /** A modified client that keeps expired messages and says so in its leaves (an honest non-compliant one). */
  disclaimTimers(device: NodeId): void {
    this.disclaimsTimers.add(device);
  }

  /** The group a conversation's traffic uses now (after post-quantum migrations). */
  current(group: GroupName): GroupName {
    let g = group;
    for (let next = this.successors.get(g); next !== undefined; next = this.successors.get(g)) g = next;
    return g;
  }

  // ---- capability discovery and the group's suite ----

  /** Before creating a group: asks each invitee's home provider what its devices can do. */
  negotiate(device: DeviceHost, group: GroupName, op: CreateOp, resume: (op: CreateOp) => Promise<void>): void {
    // Negative request numbers keep discovery answers apart from the device's own claims.
    const request = -1 - this.nextQuery++;
    const q: Query = { device, group, op, resume, waiting: op.invitees.length, answers: [] };
    this.queries.set(`${device.id}#${request}`, q);
    if (q.waiting === 0) return void this.world.sim.schedule(seconds(0), () => this.decide(`${device.id}#${request}`));
    for (const c of op.invitees) {
      const ask: Header = { op: 'kp-claim', request, requester: device.id, user: c.user, suite: op.ciphersuite, group, query: true, ...(c.identifier !== undefined && { identifier: c.identifier }) };
      sendReliably(this.world, device.id, device.provider, 'control', ask, new Uint8Array(0), () => this.answer(device.id, request, [], [], []));
    }
  }

  isQueryAnswer(h: Extract<Header, { op: 'kp-claimed' }>): boolean {
    return isCapabilityAnswer(h);
  }

  onQueryAnswer(device: NodeId, h: Extract<Header, { op: 'kp-claimed' }>, payload: Uint8Array): Promise<void> | void {
    const a = decodeCapabilityAnswer(payload);
    return this.answer(device, h.request, h.devices, a.listing, a.evidence);
  }

  private answer(device: NodeId, request: number, devices: readonly NodeId[], listing: readonly (readonly number[])[], evidence: readonly Uint8Array[]): Promise<void> | void {
    const key = `${device}#${request}`;
    const q = this.queries.get(key);
    if (q === undefined) return;
    q.answers.push({ devices, listing, evidence });
    if (--q.waiting === 0) return this.decide(key);
  }

  /**
   * The group's suite: the creator's most preferred (post-quantum first, if so configured) that every
   * reachable device supports (selectCiphersuite). Devices without MLS or without a suite in common
   * are reached in clear if the creator's client falls back, else not at all.
   */
  private async decide(key: string): Promise<void> {
    const q = this.queries.get(key)!;
    this.queries.delete(key);
    const own = this.client(q.device.id).ciphersuites;
    // A creator without MLS cannot create a group at all (the device abandons the op).
    if (own.length === 0) return q.resume({ ...q.op, negotiated: true });
    const known: (readonly number[])[] = [];
    const clear: NodeId[] = [];
    const unreachableUsers = new Set<UserId>();
    const reachableUsers = new Set<UserId>();
    for (const a of q.answers) {
      for (let i = 0; i < a.devices.length; i++) {
        const d = a.devices[i]!;
        const suites = await this.suitesOf(q.device, a.listing[i] ?? [], a.evidence[i]);
        if (suites === 'rejected') continue; // tampered evidence: ignored, the group does not follow it
        const usable = suites.filter((s) => own.includes(s));
        if (usable.length === 0) {
          clear.push(d);
          unreachableUsers.add(userOfDevice(d) as UserId);
        } else {
          known.push(usable);
          reachableUsers.add(userOfDevice(d) as UserId);
        }
      }
    }
    const choice = selectCiphersuite([own, ...known], this.settings.suites, { prefer: this.settings.suitePreference });
    const suite = choice.kind === 'chosen' ? choice.suite : q.op.ciphersuite;
    if (clear.length > 0) {
      if (this.client(q.device.id).policy.fallback === 'cleartext') this.clearPeers.set(q.group, clear);
      else this.counts.unreachableDevices += clear.length;
    }
    // Users none of whose devices speak MLS with us are not claimed for (there is nothing to claim).
    const invitees: Contact[] = q.op.invitees.filter((c) => reachableUsers.has(c.user) || !unreachableUsers.has(c.user));
    await q.resume({ ...q.op, ciphersuite: suite, invitees, negotiated: true });
  }

  /** A device's suites: from its signed KeyPackage (verified) or from the unsigned directory listing. */
  private async suitesOf(device: DeviceHost, listing: readonly number[], evidence: Uint8Array | undefined): Promise<readonly number[] | 'rejected'> {
    const by = device.id;
    // Unauthenticated: the directory's word. Authenticated: the device's signed KeyPackage when there is
    // one (a listing cannot hide what it proves); with none, nothing shows an MLS client.
    if (!this.settings.authenticatedCapabilities || evidence === undefined || evidence.length === 0) return listing;
    const r = await device.services.clock.time('inspect-key-package', () => this.engine.inspectKeyPackage(evidence!)); // its signatures are MLS work
    if (r.kind !== 'ok') {
      this.counts.capabilityRejections++;
      this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: 'inspect-key-package', by, group: '', epoch: -1, bytes: evidence.length, outcome: r.reason });
      return 'rejected';
    }
    return r.leaf.ciphersuites;
  }

  // ---- group epochs: suites over time and post-quantum migration ----

  /** Called by a device after every epoch change of `group` (its state is verified by then). */
  onEpoch(device: DeviceHost, group: GroupName, state: GroupState): void {
    const { engine } = this;
    const now = this.world.sim.now;
    const suite = engine.ciphersuite(state);
    const pq = this.isPq(suite);
    if (!this.groupLife.has(group)) {
      this.groupLife.set(group, { from: now, pq });
      this.counts.groupsCreated++;
      if (pq) this.counts.pqGroupsCreated++;
    }
    const reinit = engine.pendingReInit(state);
    if (reinit !== undefined) {
      // The ReInit is committed and this state suspended: its proposer now creates the new group.
      const plan = this.reinits.get(group);
      if (plan?.by === device.id) {
        this.reinits.delete(group);
        this.world.sim.schedule(seconds(0), () =>
          device.request(plan.next, { kind: 'create', ciphersuite: reinit.ciphersuite, invitees: plan.users, negotiated: true, resumeFrom: group }),
        );
      }
      return;
    }
    const from = [...this.migrating].find(([, to]) => to === group)?.[0];
    if (from !== undefined && Number(engine.epoch(state)) >= 1) {
      // The new group is live: the conversation continues there.
      this.migrating.delete(from);
      this.successors.set(from, group);
      const life = this.groupLife.get(from);
      if (life !== undefined) life.to = now;
      this.counts.migrations++;
    }
    if (pq || !this.settings.migrateToPostQuantum || this.successors.has(group) || this.migrating.has(group)) return;
    // Moving needs a post-quantum suite this client has too (selectCiphersuite below requires one in
    // every list): without one nothing can happen, so the roster is not read (every member, every epoch).
    const own = this.client(device.id).ciphersuites;
    if (!own.some((s) => this.isPq(s))) return;
    const leaves = engine.memberLeaves(state);
    // One member acts for the group: the one in the leftmost leaf (deterministic, known to all).
    if (leaves[0]?.identity !== device.id || leaves.length < 2 || leaves.some((l) => this.relays.has(l.identity as NodeId))) return;
    const others = leaves.slice(1).map((l) => l.ciphersuites);
    const choice = selectCiphersuite([own, ...others], this.settings.suites, { prefer: 'post-quantum-first', requirePostQuantum: true });
    if (choice.kind !== 'chosen') return;
    // MLS keeps one suite per group (RFC 9420 §8.1): a ReInit (§11.2) suspends this group, and this
    // member then creates the new one, with the old group's members and a resumption PSK (usage reinit).
    const next = successorName(group);
    this.migrating.set(group, next);
    const clear = this.clearPeers.get(group);
    if (clear !== undefined) this.clearPeers.set(next, clear);
    const users = [...new Set(leaves.slice(1).map((l) => userOfDevice(l.identity as NodeId)))].map((u) => ({ user: u as UserId }));
    this.reinits.set(group, { by: device.id, next, users });
    this.world.sim.schedule(seconds(0), () => device.request(group, { kind: 'reinit', ciphersuite: choice.suite, successor: next }));
  }

  private isPq(suite: number): boolean {
    let pq = this.pqBySuite.get(suite);
    if (pq === undefined) this.pqBySuite.set(suite, (pq = this.settings.suites.some((s) => s.id === suite && s.postQuantum)));
    return pq;
  }

  /** Whether each suite asked about is post-quantum (the settings' suites never change). */
  private readonly pqBySuite = new Map<number, boolean>();

  /** conversationOf, remembered per group (every send asks it). */
  private conversationFor(group: GroupName): string {
    let c = this.conversationByGroup.get(group);
    if (c === undefined) this.conversationByGroup.set(group, (c = conversationOf(group)));
    return c;
  }

  private readonly conversationByGroup = new Map<GroupName, string>();

  // ---- sending ----

  /** The content a conversation's next message may refer to (reply, reaction, edit, delete). */
  earlierIn(conversation: string): string | undefined {
    return this.lastMessage.get(conversation);
  }

  /**
   * Sends a composed message from `device` in `group`: the representation its group gets (read from
   * the members' leaves), encoded into the MLS application message; and in clear to the devices
   * reached only by the transport fallback. False if nothing could be sent.
   */
  async send(device: DeviceActor, group: GroupName, msg: MessageId, intended: Message): Promise<boolean> {
    const state = device.groupState(group);
    if (!device.isOnline || (state === undefined && (device.protocolOf(group) !== 'signal' || !device.isMember(group)))) return false;
    const conversation = this.conversationFor(group);
    // MLS: each member's capabilities from its leaf; Signal: its client's.
    const listed = state === undefined ? signalPeers(device.peers(group), this) : this.peerCapabilities(device, group, state);
    // An offer that carries no disappearing timers (issue 17): a group that crosses it gets none.
    const timerless = this.timerless !== undefined && [device.id, ...listed.ids].some((d) => this.timerless!(group, d));
    const peers = timerless ? listed.caps.map(withoutTimers) : listed.caps;
    let body = intended;
    // A message of the basic text part alone is what every client renders: nothing to choose.
    if (peers.length > 0 && this.settings.representation === 'lowest-common-denominator' && !isPlainText(intended)) {
      const choice = chooseRepresentation(intended, peers);
      body = choice.message;
      if (choice.lcdHit) this.counts.lcdHits++;
      this.counts.partsDropped += choice.dropped.length;
    }
    const bytes = encodeMessage(body);
    const suite = listed.suite;
    const sentMls = await device.sendApplication(group, msg, bytes);
    if (sentMls) this.sent.set(msg, { intended, conversation, left: 0 });
    const clearTo = this.client(device.id).policy.fallback === 'cleartext' ? (this.clearPeers.get(group) ?? []) : [];
    const sentClear = clearTo.length > 0 && this.sendClear(device, group, msg, intended, conversation, clearTo);
    if (!sentMls && !sentClear) return false;
    this.counts.messages++;
    if (intended.parts.length > 1) this.counts.enhancedMessages++;
    this.lastMessage.set(conversation, msg);
    if (sentMls) {
      const pq = suite !== undefined && this.isPq(suite);
      this.sends.push({ t: this.world.sim.now, pq, clear: false });
      this.observer?.sent(msg, pq ? SENT_MLS_PQ : SENT_MLS);
    }
    if (sentClear) this.sends.push({ t: this.world.sim.now, pq: false, clear: true });
    return true;
  }

  /**
   * The other members of `group` as `device` sees them, with their content capabilities. The roster
   * changes only with the epoch (RFC 9420 §8: a new epoch per commit; a message sent or received gives
   * a new group state in the same epoch and roster), and a device's epochs of a group only go forward,
   * so it is read once per device, group and epoch (and the group's suite with it).
   */
  private peerCapabilities(device: DeviceActor, group: GroupName, state: GroupState): Peers {
    const { engine } = this;
    const epoch = engine.epoch(state);
    let byGroup = this.peersOf.get(device);
    if (byGroup === undefined) this.peersOf.set(device, (byGroup = new Map()));
    const known = byGroup.get(group);
    if (known !== undefined && known.epoch === epoch) return known.peers;
    // Reading the roster decodes the tree's leaves: MLS work, timed as such.
    const leaves = device.services.clock.timeSync('member-leaves', () => {
      const me = engine.ownLeafIndex(state);
      return engine.memberLeaves(state).filter((l) => l.leafIndex !== me);
    });
    const peers: Peers = { ids: leaves.map((l) => l.identity as NodeId), caps: leaves.map((l) => capabilitiesOf(l.extensions)), suite: engine.ciphersuite(state) };
    byGroup.set(group, { epoch, peers });
    return peers;
  }

  private readonly peersOf = new WeakMap<DeviceActor, Map<GroupName, { readonly epoch: bigint; readonly peers: Peers }>>();

  /** Set by a world whose offers carry no disappearing timers: whether `device` takes part in `group` across such an offer. */
  timerless: ((group: GroupName, device: NodeId) => boolean) | undefined;

  /** The iMessage-to-SMS path: the full message in clear, through the providers, as its own ledger message. */
  private sendClear(device: DeviceActor, group: GroupName, msg: MessageId, intended: Message, conversation: string, to: readonly NodeId[]): boolean {
    const { ledger, sim } = this.world;
    const id = messageId(`${msg}.clear`);
    const bytes = encodeMessage(intended);
    ledger.send(id, device.id, [...to], sim.now, 'application', bytes.length);
    this.plaintexts.record(id, bytes, to.length);
    this.exposures.sent(id, 0);
    this.sent.set(id, { intended, conversation, left: 0 });
    this.counts.clearMessages++;
    this.counts.clearCopies += to.length;
    this.observer?.sent(id, { clear: true, pq: false });
    const header: Header = { op: 'app', group, msg: id, sender: device.id, recipients: [...to], clear: true };
    sendReliably(this.world, device.id, device.provider, 'application', header, bytes, (reason) => {
      for (const d of to) if (ledger.isPending(id, d)) (ledger.drop(id, d, sim.now, reason), this.plaintexts.release(id));
    }, undefined, id);
    return true;
  }

  // ---- receiving ----

  /**
   * A recipient decrypted `plaintext` and it matched what was sent: render it and measure. Measuring
   * changes nothing in the simulation (counts and the observer's per-pair measures), so copies are
   * measured in runs of up to 256, in order, and before anyone reads the counts: between two copies
   * runs MLS work, and one copy at a time found the renderer's code and tables cold. The client's
   * capabilities are read now (an upgrade may change them before the run is measured); the plaintext
   * is the recipient's own, never written after decryption.
   */
  delivered(device: NodeId, h: AppHeader, plaintext: Uint8Array, indicator: Indicator = this.settings.e2eeIndicator): void {
    const q = this.deliveredQueue;
    q.devices.push(device);
    q.msgs.push(h.msg);
    q.plaintexts.push(plaintext);
    q.caps.push(this.client(device).content);
    q.indicators.push(indicator);
    if (q.devices.length >= DELIVERED_RUN) this.measureDelivered();
  }

  /** Copies delivered and not yet measured, in order, in parallel lists (no object per copy). */
  private readonly deliveredQueue = {
    devices: [] as NodeId[],
    msgs: [] as MessageId[],
    plaintexts: [] as Uint8Array[],
    caps: [] as ContentCapabilities[],
    indicators: [] as Indicator[],
  };

  /** Measures the copies waiting, in the order they were delivered. The run's summary calls it too (through `stats`), before the per-pair report. */
  measureDelivered(): void {
    const q = this.deliveredQueue;
    const n = q.devices.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) this.measure(q.devices[i]!, q.msgs[i]!, q.plaintexts[i]!, q.caps[i]!, q.indicators[i]!);
    q.devices.length = 0;
    q.msgs.length = 0;
    q.plaintexts.length = 0;
    q.caps.length = 0;
    q.indicators.length = 0;
  }

  private measure(device: NodeId, msg: MessageId, plaintext: Uint8Array, caps: ContentCapabilities, indicator: Indicator): void {
    const sent = this.sent.get(msg);
    const r = this.render(msg, plaintext, caps);
    const { outcome } = r;
    this.counts[outcome.kind]++;
    this.counts.indicators[indicator]++;
    if (sent === undefined) return;
    const f = (r.fidelity ??= recipientFidelity(sent.intended, outcome));
    this.counts.fidelitySum += f;
    this.observer?.rendered(device, msg, f, outcome.kind !== 'full');
    let g = this.counts.byConversation.get(sent.conversation);
    if (g === undefined) this.counts.byConversation.set(sent.conversation, (g = { sum: 0, copies: 0 }));
    g.sum += f;
    g.copies++;
  }

  /**
   * renderBytes, remembered per message and client capabilities: every recipient of a message decodes
   * the same bytes (checked equal before a remembered result is used), and clients come in a few kinds.
   * The bytes are decoded once per message, then rendered once per kind of client.
   */
  private render(msg: MessageId, bytes: Uint8Array, caps: ContentCapabilities): { readonly outcome: RenderOutcome; fidelity?: number } {
    let e = this.renders.get(msg);
    if (e === undefined || e.bytes.length !== bytes.length || Buffer.compare(e.bytes, bytes) !== 0) {
      if (this.renders.size >= 4096) this.renders.clear();
      this.renders.set(msg, (e = { bytes, decoded: undefined, byCaps: new Map() }));
    }
    let r = e.byCaps.get(caps);
    if (r === undefined) {
      const m = (e.decoded ??= decodeOrOutcome(bytes, caps));
      e.byCaps.set(caps, (r = { outcome: 'parts' in m ? render(m, caps) : m }));
    }
    return r;
  }

  private readonly renders = new Map<
    MessageId,
    { readonly bytes: Uint8Array; decoded: Message | RenderOutcome | undefined; readonly byCaps: Map<ContentCapabilities, { readonly outcome: RenderOutcome; fidelity?: number }> }
  >();

  /** A copy that came over the cleartext fallback. */
  onClear(device: DeviceActor, env: Envelope<Header>): void {
    const h = env.header as AppHeader;
    const { ledger, sim } = this.world;
    if (!ledger.isPending(h.msg, device.id)) return;
    if (this.plaintexts.matches(h.msg, env.payload)) {
      ledger.deliver(h.msg, device.id, sim.now);
      this.delivered(device.id, h, env.payload, 'not-encrypted');
    } else ledger.reject(h.msg, device.id, sim.now, device.id, 'plaintext-mismatch');
  }

  /** The next generation's group id for a migrated conversation: `g3@p` -> `g3~2@p` -> `g3~3@p`. */
  static successorName(group: GroupName): GroupName {
    return successorName(group);
  }
}

function successorName(group: GroupName): GroupName {
  const home = homeOfGroup(group);
  const name = group.slice(0, group.lastIndexOf('@'));
  const m = /^(.*)~(\d+)$/.exec(name);
  return (m === null ? `${name}~2@${home}` : `${m[1]}~${Number(m[2]) + 1}@${home}`) as GroupName;
}

/** A member's content capabilities from its leaf; a leaf without (or with a broken) extension renders text only. */
export function capabilitiesOf(extensions: readonly { type: number; data: Uint8Array }[]): ContentCapabilities {
  const ext = extensions.find((e) => e.type === CONTENT_CAPABILITIES_EXTENSION_TYPE);
  if (ext === undefined) return TEXT_ONLY;
  // Every send reads every recipient leaf's extension; the leaves' byte arrays live as long as the
  // group state holds them, so the decoded value is remembered per array (never mutated by anyone).
  let caps = decoded.get(ext.data);
  if (caps === undefined) {
    // Every device decodes its own copy of each leaf, but clients advertise a handful of distinct
    // capability sets: the decoded value is remembered by the bytes too.
    const key = Buffer.from(ext.data.buffer, ext.data.byteOffset, ext.data.byteLength).toString('latin1');
    caps = byBytes.get(key);
    if (caps === undefined) {
      try {
        caps = decodeContentCapabilities(ext.data);
      } catch {
        caps = TEXT_ONLY;
      }
      if (byBytes.size >= 4096) byBytes.clear();
      byBytes.set(key, caps);
    }
    decoded.set(ext.data, caps);
  }
  return caps;
}

/** A group's other members: their devices and, in the same order, their content capabilities. */
interface Peers {
  readonly ids: readonly NodeId[];
  readonly caps: readonly ContentCapabilities[];
  /** The group's ciphersuite (MLS; a group keeps one, RFC 9420 §8.1). */
  readonly suite?: number;
}

/** Signal has no leaves: a peer's capabilities are its client's, as its provider lists them. */
function signalPeers(ids: readonly NodeId[], runtime: ContentRuntime): Peers {
  return { ids, caps: ids.map((d) => runtime.client(d).content) };
}

/** How a message went out, as the observer is told (shared: it reads the fields and keeps nothing). */
const SENT_MLS = Object.freeze({ clear: false, pq: false });
const SENT_MLS_PQ = Object.freeze({ clear: false, pq: true });

/** A message of one basic text part: every client renders it, so the lowest common denominator keeps it as it is. */
const isPlainText = (m: Message): boolean => m.parts.length === 1 && m.parts[0]!.kind === 'text';

/** What a client can show across an offer without timers: everything but the expiry. */
const withoutTimers = (c: ContentCapabilities): ContentCapabilities => ({ ...c, honorsExpiry: false, partKinds: c.partKinds.filter((k) => k !== 'expiry') });
const decoded = new WeakMap<Uint8Array, ContentCapabilities>();
const byBytes = new Map<string, ContentCapabilities>();

const TEXT_ONLY: ContentCapabilities = { mediaTypes: [], partKinds: [], honorsExpiry: false };

/** The message `bytes` carry, or (they do not decode) what renderBytes makes of them: the same for every client. */
function decodeOrOutcome(bytes: Uint8Array, caps: ContentCapabilities): Message | RenderOutcome {
  try {
    return decodeMessage(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return renderBytes(bytes, caps);
    throw e;
  }
}
