import { createHash } from 'node:crypto';
import { seconds, type MessageId, type NodeId } from '../../../core/index.ts';
import type { Envelope } from '../../../net/index.ts';
import type { IdentityKeys, PairwiseMessage, PreKeyStore, Session, SignalEngine } from '../../../signal/engine.ts';
import type { SkipReason } from '../../../trace/index.ts';
import { frameAll, unframeAll } from '../../framing.ts';
import { packUpload } from '../../keyPackageUpload.ts';
import type { Contact, GroupOp } from '../../groupOp.ts';
import { headerBytes, jsonBytes, type GroupName, type Header, type UserId } from '../../protocol.ts';
import { sendReliably } from '../../reliableSender.ts';
import { homeOfDevice, userOfDevice } from '../../world.ts';
import { bundlesOf, decodeBundle, freshBundles, lastResortBundle } from '../../signal/bundleCodec.ts';
import { decodeChange, decodePayload, decodeRoster, encodeChange, encodePayload, SIGNAL_BUNDLES } from '../../signal/wire.ts';
import type { ConversationProtocol, DeviceHost, DropReason } from '../conversationProtocol.ts';
import { newConversation, type SignalConversation, type SignalSendTo } from './signalConversation.ts';
import type { SignalDeviceState } from '../../signal/deviceState.ts';

type AppHeader = Extract<Header, { op: 'app' }>;

/** How often a client rotates its signed prekey and last-resort Kyber prekey: on a schedule, as Signal's
 *  clients do (Signal-Android's PreKeysSyncJob checks every few days; about every two days here), not
 *  each time a one-time prekey is spent. */
export const PREKEY_ROTATION_SECONDS = 2 * 24 * 3600;
/** An offline client rotates once it is back online: it looks again after this long. */
const ROTATION_RETRY_SECONDS = 3600;

/**
 * A device's Signal-protocol stack (issue 16), behind the same surface as its MLS stack:
 * create a conversation with members, add, remove, send, receive. Pairwise PQXDH / Double Ratchet
 * sessions carry 1:1 messages (one ciphertext per recipient device) and sender-key distributions;
 * groups of more than two users use Sender Keys (one ciphertext fanned out by the servers). The
 * group's server orders roster changes as an MLS delivery service orders commits; a removal makes
 * every remaining member rotate its sender key, redistributed over the pairwise sessions before its
 * next message.
 */
export class SignalStack implements ConversationProtocol {
  readonly protocol = 'signal';
  private identity: IdentityKeys | undefined;
  private preKeys: PreKeyStore | undefined;
  private nextPreKeyId = 1;
  private readonly sessions = new Map<NodeId, Session>();
  private readonly conversations = new Map<GroupName, SignalConversation>();
  /** Work waiting for a session with a device (claim in flight); called with false if none can be made. */
  private readonly waitingFor = new Map<NodeId, ((ok: boolean) => void)[]>();
  /** The devices in `waitingFor` by user, in the order they began to wait: a claim answers for one user. */
  private readonly waitingByUser = new Map<string, NodeId[]>();
  private readonly claiming = new Set<string>();
  /** Devices whose last served identity key this device's key trust refused (no session: copies drop `key-refused`). */
  private readonly keyRefused = new Set<NodeId>();
  private readonly claims = new Map<number, { user: string; then?: (devices: NodeId[]) => void }>();

  constructor(private readonly host: DeviceHost) {}

  private get signal(): SignalEngine {
    const s = this.host.services.signal;
    if (s === undefined) throw new Error(`device ${this.host.id}: a Signal stack without a Signal engine`);
    return s;
  }

  /** Identity key, signed, one-time and Kyber prekeys; one bundle per one-time prekey, and a last-resort bundle, uploaded together. */
  async start(count: number): Promise<void> {
    const rng = this.host.world.streams.stream(`signal/device/${this.host.id}`);
    const { clock } = this.host.services;
    this.identity = clock.timeSync('signal-identity', () => this.signal.createIdentity({ randomBytes: (n) => rng.bytes(n) }));
    const ids = Array.from({ length: count }, () => this.nextPreKeyId++);
    const r = clock.timeSync('signal-prekeys', () => this.signal.createPreKeys(this.identity!, { signedPreKeyId: this.nextPreKeyId++, oneTimePreKeyIds: ids, kyberPreKeyIds: ids, lastResortKyberPreKeyId: this.nextPreKeyId++ }));
    this.preKeys = r.preKeys;
    const bundles = bundlesOf(r.upload, this.deviceNumber());
    this.publish([...bundles.fresh, bundles.lastResort], true);
    // The keys were made some time before the run: the first rotation comes after a uniform share of the period.
    const phase = this.host.world.streams.stream(`signal/prekey-rotation/${this.host.id}`).uniform(0, PREKEY_ROTATION_SECONDS);
    this.host.world.sim.schedule(seconds(phase), () => this.rotatePreKeys(), { label: 'signal-prekey-rotation' });
  }

  async upgrade(): Promise<void> {}

  knows(group: GroupName): boolean {
    return this.conversations.has(group);
  }

  /** The user left the conversation (or deleted the app): this client stops taking part. */
  depart(group: GroupName): void {
    const c = this.conversations.get(group);
    if (c !== undefined) (c.left = true), (c.ops.length = 0);
  }

  isMember(group: GroupName): boolean {
    const c = this.conversations.get(group);
    return c?.roster !== undefined && !c.left;
  }

  sendBlocker(group: GroupName): Exclude<SkipReason, 'no-recipients'> | undefined {
    const c = this.conversations.get(group);
    return !this.host.isOnline ? 'sender-offline' : c?.roster === undefined ? 'not-joined' : c.left ? 'left' : undefined;
  }

  memberships(): Map<GroupName, number> {
    const out = new Map<GroupName, number>();
    for (const [g, c] of this.conversations) if (c.roster !== undefined) out.set(g, c.epoch);
    return out;
  }

  groupState(): undefined {
    return undefined;
  }

  peers(group: GroupName): NodeId[] {
    const c = this.conversations.get(group);
    return c?.roster === undefined || c.left ? [] : c.roster.filter((d) => d !== this.host.id);
  }

  /** The devices of a conversation this device sees (itself included), or undefined before joining. */
  roster(group: GroupName): readonly NodeId[] | undefined {
    return this.conversations.get(group)?.roster;
  }

  /** A copy of this device's protocol state now (see deviceState.ts); undefined before it started. */
  protocolState(): SignalDeviceState | undefined {
    if (this.identity === undefined || this.preKeys === undefined) return undefined;
    const conversations = [...this.conversations].filter(([, c]) => c.roster !== undefined && !c.left).map(([g, c]) => [g, { roster: [...c.roster!], records: new Map(c.records), own: c.own }] as const);
    return { identity: this.identity, preKeys: this.preKeys, sessions: new Map(this.sessions), conversations: new Map(conversations) };
  }

  undecryptedEarlyApps(): Envelope<Header>[] {
    return [...this.conversations.values()].flatMap((c) => [...c.earlyApps, ...[...c.waitingKey.values()].flat()]);
  }

  request(group: GroupName, op: GroupOp): Promise<void> {
    let c = this.conversations.get(group);
    if (c === undefined) {
      if (op.kind !== 'create') return Promise.resolve();
      this.conversations.set(group, (c = newConversation()));
    }
    c.ops.push(op);
    return this.pumpOps(group);
  }

  // ---- sending ----

  async sendApplication(group: GroupName, msg: MessageId, plaintext: Uint8Array): Promise<boolean> {
    const c = this.conversations.get(group);
    if (this.sendBlocker(group) !== undefined || c?.roster === undefined) return false;
    const to = this.sendTo(group, c, c.roster);
    const inGroup = to.inGroup;
    // A relaying member (a re-encrypting bridge) stands for the recipients it will re-encrypt to.
    const expanded = this.host.services.expandRecipients?.(group, inGroup) ?? { recipients: inGroup, relays: 0 };
    const recipients = expanded.recipients;
    const { ledger, sim } = this.host.world;
    const { plaintexts, exposures } = this.host.services;
    const missingIntended = this.host.services.missingIntended;
    const missing = missingIntended === undefined ? NONE_MISSING : missingIntended(group, recipients).filter((m) => m.device !== this.host.id);
    if (recipients.length === 0) {
      if (missing.length === 0) return false;
      ledger.send(msg, this.host.id, missing.map((m) => m.device), sim.now, 'application', 0);
      for (const m of missing) ledger.drop(msg, m.device, sim.now, m.reason);
      exposures?.sent(msg, 0);
      return true;
    }
    if (this.host.services.inbox?.sending === true) this.host.services.inbox.send(this.host.id, this.host.provider, group, msg, inGroup, () => []);
    const header: AppHeader = { op: 'app', group, msg, sender: this.host.id, recipients: inGroup };
    // The ledger keeps its own copy of the list.
    const listed = missing.length === 0 ? recipients : [...recipients, ...missing.map((m) => m.device)];
    const msgBytes = to.fixedHeaderBytes + jsonBytes(msg);
    if (to.pairwise) {
      // 1:1: a pairwise ciphertext per recipient device, each its own envelope.
      const sealed: Uint8Array[] = [];
      let bytes = 0;
      for (const r of inGroup) {
        const p = this.sessions.has(r) ? this.encryptPairwise(r, plaintext) : undefined;
        if (p !== undefined) bytes += p.length;
        sealed.push(p as Uint8Array);
      }
      ledger.send(msg, this.host.id, listed, sim.now, 'application', bytes);
      for (const m of missing) ledger.drop(msg, m.device, sim.now, m.reason);
      plaintexts.record(msg, plaintext, recipients.length);
      exposures?.sent(msg, expanded.relays);
      this.host.afterCpu(recipients.length + 1, () => {
        // Sealed copies first, in roster order; then the devices that had no session, once one is made.
        for (let i = 0; i < inGroup.length; i++) if (sealed[i] !== undefined) this.sendPairwiseCopy(header, inGroup[i]!, sealed[i]!, recipients, msgBytes);
        for (let i = 0; i < inGroup.length; i++) {
          const r = inGroup[i]!;
          if (sealed[i] !== undefined || this.sessions.has(r)) continue;
          this.withSession(r, group, (ok) => (ok ? this.sendPairwiseCopy(header, r, this.encryptPairwise(r, plaintext), recipients, msgBytes) : lostCopies(this, msg, lostVia(r, recipients))(this.keyRefused.has(r) ? 'key-refused' : 'no-route')));
        }
      });
      return true;
    }
    // A group: this device's sender key, distributed first to every member that lacks its current chain.
    const { signal } = this;
    const { services } = this.host;
    if (c.own === undefined) c.own = services.clock.timeSync('signal-create-sender-key', () => signal.createSenderKey(this.identity!, distributionId(group)).senderKey);
    this.distribute(group, c, inGroup);
    const r = services.clock.timeSync('signal-group-encrypt', () => signal.groupEncrypt(this.identity!, c.own!, plaintext));
    c.own = r.senderKey;
    const payload = encodePayload({ kind: 'sender-key', bytes: r.message });
    ledger.send(msg, this.host.id, listed, sim.now, 'application', payload.length);
    for (const m of missing) ledger.drop(msg, m.device, sim.now, m.reason);
    plaintexts.record(msg, plaintext, recipients.length);
    exposures?.sent(msg, expanded.relays);
    const size = msgBytes + jsonBytes(inGroup);
    this.host.afterCpu(recipients.length + 1, () => sendReliably(this.host.world, this.host.id, this.host.provider, 'application', header, payload, lostCopies(this, msg, recipients), undefined, msg, size));
    return true;
  }

  /** One pairwise copy of an application message to `r` (a relay's copy lost is every copy behind it lost). */
  private sendPairwiseCopy(header: AppHeader, r: NodeId, payload: Uint8Array, recipients: readonly NodeId[], msgBytes: number): void {
    const h: AppHeader = { op: 'app', group: header.group, msg: header.msg, sender: header.sender, recipients: [r] };
    sendReliably(this.host.world, this.host.id, this.host.provider, 'application', h, payload, lostCopies(this, header.msg, lostVia(r, recipients)), undefined, header.msg, msgBytes + jsonBytes(r) + 2);
  }

  /** Copies of `msg` to `to` still pending are dropped (their send gave up), each releasing its plaintext. */
  dropPending(msg: MessageId, to: readonly NodeId[], reason: DropReason): void {
    const { ledger, sim } = this.host.world;
    for (const r of to) if (ledger.isPending(msg, r)) (ledger.drop(msg, r, sim.now, reason), this.host.services.plaintexts.release(msg));
  }

  /**
   * Whom this device's messages in the conversation go to while its roster stays this array (a
   * roster change replaces the array): the other devices (frozen, headers share them), whether it is
   * 1:1 (two users at most: pairwise copies), and an app header's JSON size less its message id's and
   * recipient list's.
   */
  private sendTo(group: GroupName, c: SignalConversation, roster: readonly NodeId[]): SignalSendTo {
    const known = c.sendTo;
    if (known !== undefined && known.roster === roster) return known;
    const inGroup = Object.freeze(roster.filter((d) => d !== this.host.id));
    const pairwise = new Set(roster.map(userOfDevice)).size <= 2;
    const fixedHeaderBytes = headerBytes({ op: 'app', group, msg: '' as MessageId, sender: this.host.id, recipients: [] }) - jsonBytes('') - jsonBytes([]);
    return (c.sendTo = { roster, inGroup, pairwise, fixedHeaderBytes });
  }

  /** A relaying member's copy: pairwise in a 1:1 conversation, else under this device's sender key. */
  async relay(group: GroupName, msg: MessageId, plaintext: Uint8Array, recipients: readonly NodeId[], lost: (reason: DropReason) => void): Promise<boolean> {
    const c = this.conversations.get(group);
    if (c?.roster === undefined || c.left) return false;
    const header: AppHeader = { op: 'app', group, msg, sender: this.host.id, recipients: [...recipients] };
    const send = (to: readonly NodeId[], payload: Uint8Array) => sendReliably(this.host.world, this.host.id, this.host.provider, 'application', { ...header, recipients: [...to] }, payload, lost, undefined, msg);
    const sendTo = this.sendTo(group, c, c.roster);
    if (sendTo.pairwise) {
      this.host.afterCpu(recipients.length + 1, () => {
        for (const r of recipients) this.withSession(r, group, (ok) => (ok ? send([r], this.encryptPairwise(r, plaintext)) : lost('no-route')));
      });
      return true;
    }
    const { services } = this.host;
    if (c.own === undefined) c.own = services.clock.timeSync('signal-create-sender-key', () => this.signal.createSenderKey(this.identity!, distributionId(group)).senderKey);
    this.distribute(group, c, sendTo.inGroup);
    const r = services.clock.timeSync('signal-group-encrypt', () => this.signal.groupEncrypt(this.identity!, c.own!, plaintext));
    c.own = r.senderKey;
    const payload = encodePayload({ kind: 'sender-key', bytes: r.message });
    this.host.afterCpu(recipients.length + 1, () => send(recipients, payload));
    return true;
  }

  /** Sends this device's current sender-key distribution to the members that do not have it, pairwise. */
  private distribute(group: GroupName, c: SignalConversation, members: readonly NodeId[]): void {
    // Made only when some member lacks the chain (most sends find every member holding it); the same bytes whenever made.
    let skdm: Uint8Array | undefined;
    for (const to of members) {
      if (c.distributedTo.has(to)) continue;
      skdm ??= this.host.services.clock.timeSync('signal-sender-key-distribution', () => this.signal.senderKeyDistribution(c.own!));
      const distribution = skdm;
      c.distributedTo.add(to);
      this.host.services.stats.senderKeyDistributions++;
      this.withSession(to, group, (ok) => {
        if (!ok) return;
        const h: Header = { op: 'pairwise', group, from: this.host.id, to };
        this.host.toProvider('control', h, this.encryptPairwise(to, distribution));
      });
    }
  }

  private encryptPairwise(to: NodeId, plaintext: Uint8Array): Uint8Array {
    const r = this.host.services.clock.timeSync('signal-encrypt', () => this.signal.encrypt(this.identity!, this.sessions.get(to)!, plaintext));
    if (r.kind !== 'ok') throw new Error(`device ${this.host.id}: pairwise encrypt to ${to} failed: ${r.detail}`);
    this.sessions.set(to, r.session);
    return encodePayload({ kind: 'pairwise', message: r.message });
  }

  /** Runs `then` once a session with `to` exists, claiming its user's prekey bundles if needed. */
  private withSession(to: NodeId, group: GroupName, then: (ok: boolean) => void): void {
    if (this.sessions.has(to)) return then(true);
    const user = userOfDevice(to);
    const list = this.waitingFor.get(to);
    if (list !== undefined) list.push(then);
    else {
      this.waitingFor.set(to, [then]);
      const devices = this.waitingByUser.get(user);
      if (devices !== undefined) devices.push(to);
      else this.waitingByUser.set(user, [to]);
    }
    if (this.claiming.has(user)) return;
    this.claiming.add(user);
    this.claim({ user: user as UserId }, group);
  }

  private claim(c: Contact, group: GroupName, then?: (devices: NodeId[]) => void): void {
    const request = this.host.nextRequest(this);
    this.claims.set(request, { user: c.user, ...(then !== undefined && { then }) });
    const h: Header = { op: 'kp-claim', request, requester: this.host.id, user: c.user, suite: SIGNAL_BUNDLES, group, ...(c.identifier !== undefined && { identifier: c.identifier }) };
    this.host.toProvider('control', h, new Uint8Array(0));
  }

  /** Bundles claimed for one user: a PQXDH session with each device that has none yet. */
  private onBundles(h: Extract<Header, { op: 'kp-claimed' }>, payload: Uint8Array): void {
    const pending = this.claims.get(h.request);
    if (pending === undefined) return;
    this.claims.delete(h.request);
    this.claiming.delete(pending.user);
    const [bundleFrame, attestationFrame, evidenceFrame] = unframeAll(payload);
    const bundles = unframeAll(bundleFrame ?? new Uint8Array(0));
    const attestations = unframeAll(attestationFrame ?? new Uint8Array(0));
    const evidence = evidenceFrame === undefined ? [] : unframeAll(evidenceFrame);
    const trust = this.host.services.keyTrust;
    const got: NodeId[] = [];
    h.devices.forEach((d, i) => {
      const bytes = bundles[i];
      const bundle = bytes === undefined ? undefined : decodeBundle(bytes);
      if (bundle === undefined || d === this.host.id) return;
      // The identity key passes this device's verification mode (TOFU, out of band, KT) or gets no session.
      if (trust !== undefined && !trust.check(this.host.id, d, homeOfDevice(d), bytes!, attestations[i], this.host.world.sim.now, evidence[i], { group: h.group, user: pending.user as UserId })) return void this.keyRefused.add(d);
      this.keyRefused.delete(d);
      if (!this.sessions.has(d)) {
        const r = this.host.services.clock.timeSync('signal-initiate', () => this.signal.initiateSession(this.identity!, bundle));
        if (r.kind !== 'ok') return;
        if (!r.usedOneTimePreKey) this.host.services.stats.oneTimePreKeyFallbacks++;
        this.sessions.set(d, r.session);
      }
      got.push(d);
    });
    // The user's devices waiting now; one that begins to wait again meanwhile waits for the next claim.
    const waiting = this.waitingByUser.get(pending.user) ?? [];
    this.waitingByUser.delete(pending.user);
    for (const d of waiting) {
      const list = this.waitingFor.get(d)!;
      this.waitingFor.delete(d);
      for (const k of list) k(this.sessions.has(d));
    }
    pending.then?.(got);
  }

  // ---- receiving ----

  receive(env: Envelope<Header>): Promise<void> | void {
    const h = env.header!;
    switch (h.op) {
      case 'kp-claimed':
        return this.onBundles(h, env.payload);
      case 'commit-result':
        return this.onOrdered(h);
      case 'handshake':
        return this.onChange(h.group, h.epoch, env.payload);
      case 'welcome':
        return this.onJoin(h.group, h.epoch, env.payload);
      case 'pairwise':
        return this.onPairwise(h, env.payload);
      case 'app':
        return this.onApplication(env);
      default:
        throw new Error(`device ${this.host.id}: unexpected ${h.op} for its Signal stack`);
    }
  }

  /** Decrypts a pairwise message from `from` (setting up the session from a PreKeySignalMessage). */
  private decryptPairwise(from: NodeId, message: PairwiseMessage): { ok: true; plaintext: Uint8Array } | { ok: false; reason: string } {
    const r = this.host.services.clock.timeSync('signal-decrypt', () => this.signal.decrypt(this.identity!, this.preKeys!, this.sessions.get(from), message));
    if (r.kind !== 'ok') return { ok: false, reason: r.reason };
    this.sessions.set(from, r.session);
    if (r.preKeys !== this.preKeys) {
      this.preKeys = r.preKeys;
      this.replenish();
    }
    return { ok: true, plaintext: r.plaintext };
  }

  // Receiving makes no promise unless it waits: a message whose sender's chain came first is read at once.
  private onPairwise(h: Extract<Header, { op: 'pairwise' }>, payload: Uint8Array): Promise<void> | void {
    const p = decodePayload(payload);
    if (p?.kind !== 'pairwise') return;
    const r = this.decryptPairwise(h.from, p.message);
    if (!r.ok) {
      this.host.services.stats.handshakeRejected++;
      this.host.world.trace.emit({ type: 'mls', t: this.host.world.sim.now, op: 'signal-skdm', by: this.host.id, group: h.group, epoch: -1, bytes: payload.length, outcome: r.reason });
      return;
    }
    let c = this.conversations.get(h.group);
    if (c === undefined) this.conversations.set(h.group, (c = newConversation()));
    const d = this.host.services.clock.timeSync('signal-process-sender-key', () => this.signal.processSenderKeyDistribution(c.records.get(h.from), r.plaintext));
    if (d.kind !== 'ok') return;
    c.records.set(h.from, d.record);
    // Messages from this sender that waited for its chain can be read now.
    const waiting = c.waitingKey.get(h.from);
    if (waiting === undefined) return;
    c.waitingKey.delete(h.from);
    return this.readAll(waiting);
  }

  /** Reads waiting messages one after another: a relaying member re-encrypts each into one group state (sim/actors/bridgeDevice.ts). */
  private async readAll(waiting: readonly Envelope<Header>[]): Promise<void> {
    for (const e of waiting) await this.onApplication(e);
  }

  private onApplication(env: Envelope<Header>): Promise<void> | void {
    const h = env.header as AppHeader;
    if (this.host.isDuplicate(h)) return;
    const { ledger, sim, trace } = this.host.world;
    let c = this.conversations.get(h.group);
    if (c?.left === true) {
      this.host.services.plaintexts.release(h.msg);
      return ledger.reject(h.msg, this.host.id, sim.now, this.host.id, 'removed-from-group');
    }
    const p = decodePayload(env.payload);
    if (p === undefined) return this.host.undecryptable(h, 'decrypt-malformed');
    if (p.kind === 'pairwise') {
      const r = this.decryptPairwise(h.sender, p.message);
      if (!r.ok) {
        trace.emit({ type: 'decrypt', t: sim.now, msg: h.msg, by: this.host.id, ok: false, reason: r.reason });
        return this.host.undecryptable(h, `decrypt-${r.reason}`);
      }
      return this.settle(h, r.plaintext, c);
    }
    if (c === undefined) this.conversations.set(h.group, (c = newConversation()));
    const record = c.records.get(h.sender);
    const r = record === undefined ? undefined : this.host.services.clock.timeSync('signal-group-decrypt', () => this.signal.groupDecrypt(record, p.bytes));
    if (r === undefined || (r.kind === 'rejected' && r.reason === 'no-session')) {
      // The sender's distribution (over our pairwise session) is still on its way.
      const list = c.waitingKey.get(h.sender);
      if (list !== undefined) list.push(env);
      else c.waitingKey.set(h.sender, [env]);
      return;
    }
    if (r.kind !== 'ok') {
      trace.emit({ type: 'decrypt', t: sim.now, msg: h.msg, by: this.host.id, ok: false, reason: r.reason });
      return this.host.undecryptable(h, `decrypt-${r.reason}`);
    }
    c.records.set(h.sender, r.record);
    return this.settle(h, r.plaintext, c);
  }

  private settle(h: AppHeader, plaintext: Uint8Array, c: SignalConversation | undefined): void | Promise<void> {
    const size = c?.roster?.length ?? 2;
    return this.host.decrypted(h, plaintext, () => size);
  }

  // ---- roster changes, ordered by the group's server ----

  private async pumpOps(group: GroupName): Promise<void> {
    const c = this.conversations.get(group);
    if (c === undefined || c.pending !== undefined || c.claimingOp || !this.host.isOnline || c.left) return;
    const op = c.ops[0];
    if (op === undefined) return;
    if (op.kind === 'create' && c.roster === undefined) {
      c.roster = [this.host.id];
      c.epoch = 0;
    }
    if (c.roster === undefined) return;
    if (op.kind === 'reinit') {
      c.ops.shift(); // an MLS ReInit has no Signal counterpart
      this.host.services.stats.opsAbandoned++;
      return this.pumpOps(group);
    }
    if (op.kind === 'update') {
      // Fresh keys for post-compromise security: a new sender-key chain, redistributed with the next message.
      c.ops.shift();
      this.rotate(c);
      return this.pumpOps(group);
    }
    const users = op.kind === 'create' ? op.invitees : op.kind === 'add' ? op.users : [];
    if (users.length === 0) return this.submitChange(group, c, op, []);
    c.claimingOp = true;
    let waiting = users.length;
    const devices: NodeId[] = [];
    for (const u of users)
      this.claim(u, group, (got) => {
        devices.push(...got);
        if (--waiting > 0) return;
        c.claimingOp = false;
        if (c.ops[0] === op) void this.submitChange(group, c, op, devices);
      });
  }

  private async submitChange(group: GroupName, c: SignalConversation, op: GroupOp, found: NodeId[]): Promise<void> {
    const roster = c.roster!;
    const adds = found.filter((d) => !roster.includes(d));
    const removes = op.kind === 'remove' ? roster.filter((d) => op.devices.includes(d)) : [];
    if (adds.length === 0 && removes.length === 0 && op.kind !== 'create') {
      c.ops.shift();
      this.host.services.stats.opsAbandoned++;
      return this.pumpOps(group);
    }
    c.ops.shift();
    const next = [...roster.filter((d) => !removes.includes(d)), ...adds];
    c.pending = { op, epoch: c.epoch, roster: next, removes };
    const h: Header = { op: 'commit', group, epoch: c.epoch, committer: this.host.id, adds, removes, attempt: this.host.services.stats.commitRetries };
    // The change for members, and the roster for joiners (the provider sends it as their Welcome).
    const payload = frameAll([encodeChange(adds, removes, next), new TextEncoder().encode(next.join('\n'))]);
    this.host.world.trace.emit({ type: 'mls', t: this.host.world.sim.now, op: `signal-${op.kind}`, by: this.host.id, group, epoch: c.epoch, bytes: payload.length });
    this.host.afterCpu(roster.length, () => this.host.toProvider('commit', h, payload));
  }

  private onOrdered(h: Extract<Header, { op: 'commit-result' }>): Promise<void> | void {
    const c = this.conversations.get(h.group);
    const { stats } = this.host.services;
    if (c === undefined) return;
    if (h.accepted) {
      const p = c.pending;
      if (p === undefined || p.epoch !== h.epoch) return;
      c.pending = undefined;
      stats.commitsAccepted++;
      this.apply(c, p.roster, p.removes);
      return this.afterChange(h.group, c);
    }
    stats.commitsRejected++;
    if (c.pending !== undefined && c.pending.epoch === h.epoch) {
      c.ops.unshift(c.pending.op);
      c.pending = undefined;
      stats.commitRetries++;
    }
    if (h.reason !== 'wrong-epoch') {
      c.ops.shift();
      stats.opsAbandoned++;
    }
    return this.pumpOps(h.group);
  }

  private async onChange(group: GroupName, epoch: number, payload: Uint8Array): Promise<void> {
    const c = this.conversations.get(group);
    if (c?.roster === undefined || c.left) return;
    if (epoch < c.epoch) return void this.host.services.stats.staleHandshakes++;
    if (epoch > c.epoch) return void c.early.set(epoch, payload);
    await this.applyChange(group, c, payload);
  }

  private async applyChange(group: GroupName, c: SignalConversation, payload: Uint8Array): Promise<void> {
    const change = decodeChange(unframeAll(payload)[0] ?? new Uint8Array(0));
    if (c.pending !== undefined) {
      // Our own change for this version lost the race: retried on the new roster.
      c.ops.unshift(c.pending.op);
      c.pending = undefined;
      this.host.services.stats.commitRetries++;
    }
    if (change.removes.includes(this.host.id)) {
      c.left = true;
      c.ops.length = 0;
      c.early.clear();
      for (const e of [...c.earlyApps.splice(0), ...[...c.waitingKey.values()].flat()]) this.rejectRemovedSignal(e);
      c.waitingKey.clear();
      return;
    }
    const roster = [...c.roster!.filter((d) => !change.removes.includes(d)), ...change.adds.filter((d) => !c.roster!.includes(d))];
    this.apply(c, roster, change.removes);
    await this.afterChange(group, c);
  }

  /** Moves to the next roster version; a removal makes this member rotate its sender key. */
  private apply(c: SignalConversation, roster: NodeId[], removes: readonly NodeId[]): void {
    c.roster = roster;
    c.epoch++;
    for (const d of removes) c.records.delete(d);
    if (removes.length > 0) this.rotate(c);
  }

  private rotate(c: SignalConversation): void {
    if (c.own === undefined) return;
    c.own = undefined;
    c.distributedTo.clear();
    this.host.services.stats.senderKeyRotations++;
  }

  private async onJoin(group: GroupName, epoch: number, payload: Uint8Array): Promise<void> {
    let c = this.conversations.get(group);
    if (c?.roster !== undefined && !c.left) return;
    if (c === undefined || c.left) {
      const fresh = newConversation();
      if (c !== undefined) fresh.earlyApps.push(...c.earlyApps);
      this.conversations.set(group, (c = fresh));
    }
    c.roster = decodeRoster(payload);
    c.epoch = epoch;
    this.host.services.stats.welcomesJoined++;
    await this.afterChange(group, c);
  }

  private async afterChange(group: GroupName, c: SignalConversation): Promise<void> {
    for (const e of [...c.early.keys()]) if (e < c.epoch) c.early.delete(e);
    const next = c.early.get(c.epoch);
    if (next !== undefined) {
      c.early.delete(c.epoch);
      return this.applyChange(group, c, next);
    }
    for (const e of c.earlyApps.splice(0)) await this.onApplication(e);
    await this.pumpOps(group);
  }

  private rejectRemovedSignal(env: Envelope<Header>): void {
    const h = env.header as AppHeader;
    this.host.services.plaintexts.release(h.msg);
    this.host.world.ledger.reject(h.msg, this.host.id, this.host.world.sim.now, this.host.id, 'removed-from-group');
  }

  // ---- key material ----

  /** One upload of prekey bundles (sim/actors/keyPackageUpload.ts); `lastResort`: the last of them is the last-resort bundle. */
  private publish(bundles: readonly Uint8Array[], lastResort: boolean): void {
    this.host.toProvider('key-package', { op: 'kp-publish', device: this.host.id, suite: SIGNAL_BUNDLES, lastResort }, packUpload(bundles.map((bytes) => ({ bytes }))));
  }

  /** A one-time prekey was spent: a fresh bundle (new one-time Curve25519 and Kyber prekeys, the current
   *  signed prekey) replaces it in the directory. */
  private replenish(): void {
    const id = this.nextPreKeyId++;
    const ids = { oneTimePreKeyIds: [id], kyberPreKeyIds: [id] };
    const r = this.host.services.clock.timeSync('signal-prekeys', () => this.signal.createPreKeys(this.identity!, ids, this.preKeys));
    this.preKeys = r.preKeys;
    const b = freshBundles(r.upload, this.deviceNumber())[0];
    if (b !== undefined) this.publish([b], false);
  }

  /** The schedule's turn: a new signed prekey and last-resort Kyber prekey (the old ones are kept for
   *  sessions started from bundles already handed out), uploaded when the device is online. */
  private rotatePreKeys(): void {
    if (!this.host.isOnline) {
      this.host.world.sim.schedule(seconds(ROTATION_RETRY_SECONDS), () => this.rotatePreKeys(), { label: 'signal-prekey-rotation' });
      return;
    }
    const ids = { signedPreKeyId: this.nextPreKeyId++, lastResortKyberPreKeyId: this.nextPreKeyId++ };
    const r = this.host.services.clock.timeSync('signal-prekeys', () => this.signal.createPreKeys(this.identity!, ids, this.preKeys));
    this.preKeys = r.preKeys;
    this.publish([lastResortBundle(r.upload, this.deviceNumber())], true);
    this.host.world.sim.schedule(seconds(PREKEY_ROTATION_SECONDS), () => this.rotatePreKeys(), { label: 'signal-prekey-rotation' });
  }

  private deviceNumber(): number {
    return Number(this.host.id.slice(this.host.id.lastIndexOf('/d') + 2)) + 1 || 1;
  }
}

/** A 16-byte distribution id per conversation (libsignal uses a UUID): derived from the group's name. */
function distributionId(group: GroupName): Uint8Array {
  return new Uint8Array(createHash('sha256').update(group).digest().subarray(0, 16));
}

/** No intended member is missing (no naming service, no partition): shared, never written. */
const NONE_MISSING: readonly { readonly device: NodeId; readonly reason: string }[] = Object.freeze([]);

/** The copies a lost send leaves undelivered: `r` alone if it is a recipient, else (a relay) every recipient. */
function lostVia(r: NodeId, recipients: readonly NodeId[]): readonly NodeId[] {
  return recipients.includes(r) ? [r] : recipients;
}

/** Settles `to`'s copies of `msg` still pending as dropped, for the reason the send gave up. */
function lostCopies(stack: SignalStack, msg: MessageId, to: readonly NodeId[]): (reason: DropReason) => void {
  return function (reason: DropReason) {
    stack.dropPending(msg, to, reason);
  };
}
