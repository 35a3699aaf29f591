import type { MessageId, NodeId } from '../../../core/index.ts';
import { performance } from 'node:perf_hooks';
import type { GroupState, KeyPackagePrivate, LeafIndex, MemberKeys, MintedKeyPackage, MlsEngine, UnprotectResult } from '../../../mls/engine.ts';
import type { Envelope } from '../../../net/index.ts';
import { micros } from '../../../core/index.ts';
import type { CryptoClock } from '../../cryptoClock.ts';
import type { SkipReason } from '../../../trace/index.ts';
import { frameAll, unframeAll } from '../../framing.ts';
import type { GroupOp } from '../../groupOp.ts';
import { packMinted, packUpload, type UploadPart } from '../../keyPackageUpload.ts';
import { headerBytes, jsonBytes, type GroupName, type Header } from '../../protocol.ts';
import { sendReliably } from '../../reliableSender.ts';
import type { ConversationProtocol, DeviceHost, DropReason } from '../conversationProtocol.ts';
import { decryptAhead, type DecryptAhead } from './decryptAhead.ts';
import { adoptAhead, makeAhead, mintAll, planAhead, startQueueOf, suiteStreamName, type Ahead, type Place, type StartQueue } from './startAhead.ts';
import { newSlot, type GroupSlot, type SendTo } from './groupSlot.ts';

/** One of this device's KeyPackages: made at publication, or minted then and built when first handed out. */
interface OwnKeyPackage {
  readonly suite: number;
  readonly lastResort: boolean;
  readonly minted: MintedKeyPackage | undefined;
  made: { readonly priv: KeyPackagePrivate; readonly ref: string } | undefined;
}

/**
 * A device's MLS stack: an MLS client (one leaf in each of its groups). It publishes KeyPackages,
 * creates groups, commits membership changes through its group's delivery service, encrypts and
 * decrypts application messages for real, and checks group state after every epoch change.
 */
export class MlsStack implements ConversationProtocol {
  readonly protocol = 'mls';
  /** One MLS identity per supported ciphersuite (signature keys are suite-specific). */
  readonly members = new Map<number, MemberKeys>();
  private readonly keyPackages: OwnKeyPackage[] = [];
  /** Uploads of minted KeyPackages not yet listed one by one in `keyPackages` (an idle device's never are), in order. */
  private unlisted: { readonly suite: number; readonly lastResort: boolean; readonly mints: readonly MintedKeyPackage[] }[] | undefined;

  /** This device's KeyPackages in publication order, each upload of minted ones listed when first read. */
  private ownKeyPackages(): OwnKeyPackage[] {
    const uploads = this.unlisted;
    if (uploads !== undefined) {
      this.unlisted = undefined;
      for (const { suite, lastResort, mints } of uploads) {
        for (let i = 0; i < mints.length; i++) this.keyPackages.push({ suite, lastResort: lastResort && i === mints.length - 1, minted: mints[i]!, made: undefined });
      }
    }
    return this.keyPackages;
  }
  /** This device's groups (a bridge reads them to re-encrypt into the other side's groups). */
  readonly slots = new Map<GroupName, GroupSlot>();

  constructor(
    private readonly host: DeviceHost,
    private readonly ciphersuites: readonly number[],
  ) {
    this.queue = startQueueOf<MlsStack>(host.world);
    this.place = this.queue.enlist(this);
  }

  /** The world's stacks still to start, and this one's place among them (its start-up is made ahead with theirs: startAhead.ts). */
  private readonly queue: StartQueue<MlsStack>;
  private readonly place: Place<MlsStack>;
  /** This stack's start-up work, made ahead of its start. */
  private startUp: Ahead | undefined;

  /**
   * For each supported ciphersuite: creates the MLS identity and uploads `count` KeyPackages and a
   * last-resort one, in one envelope. The first of a run of stacks starting makes the MLS work of
   * up to `services.startAhead` of them ahead, in order (startAhead.ts); a stack whose work was made ahead
   * starts at once.
   */
  start(count: number): void | Promise<void> {
    const batch = this.host.services.startAhead ?? 0;
    if (this.place.listed && batch > 0 && this.host.services.engine.mintKeyPackage !== undefined) return this.prepareBatch(batch, count).then(() => this.startNow(count));
    this.queue.take(this.place);
    return this.startNow(count);
  }

  /** This stack's and the next ones' start-up MLS work, made ahead: first what each would make (simulation), then the MLS work of all. */
  private async prepareBatch(batch: number, count: number): Promise<void> {
    const stacks = this.queue.batchFrom(this.place, batch);
    const plans = stacks.map((s) => planAhead(s.host, s.ciphersuites, count));
    const make = async (): Promise<void> => {
      for (let i = 0; i < stacks.length; i++) {
        const plan = plans[i];
        if (plan === undefined) continue;
        try {
          stacks[i]!.startUp = await makeAhead(plan);
        } catch {
          // Its own start meets the same failure, in its place (its stream was detached: nothing drawn counts).
        }
      }
    };
    // The MLS calls back to back, the clock held open over them all (one clock for all, as a run has).
    const { clock } = this.host.services;
    return stacks.every((s) => s.host.services.clock === clock) ? clock.within(make) : make();
  }

  private startNow(count: number): void | Promise<void> {
    const { content } = this.host.services;
    this.keyPackageCount = count;
    const ahead = this.startUp;
    this.startUp = undefined;
    // With a content layer, the client's version decides its suites (none without MLS) and leaf contents.
    const client = content?.register(this.host);
    const suites = client === undefined ? this.ciphersuites : client.ciphersuites;
    for (let k = 0; k < suites.length; k++) {
      const suite = suites[k]!;
      const made = ahead === undefined ? undefined : adoptAhead(ahead, k, suite, count, client === undefined ? undefined : content!.memberOptions(this.host.id, client), this.host.world, this.host.services.stats);
      if (made === undefined) {
        if (ahead !== undefined) this.host.services.stats.startAheadDropped += Math.max(0, ahead.suites.length - k - 1);
        return this.startInPlace(suites, k, count);
      }
      this.members.set(suite, made.member);
      this.uploadMinted(suite, true, made.mints);
    }
  }

  /** The start's work from the `k`th suite on, made in place. */
  private async startInPlace(suites: readonly number[], k: number, count: number): Promise<void> {
    const { engine, clock, content } = this.host.services;
    for (const suite of suites.slice(k)) {
      const rng = this.host.world.streams.stream(suiteStreamName(this.host.id, suite));
      const leaf = content?.memberOptions(this.host.id);
      const member = await clock.time('create-member', () => engine.createMember({ identity: this.host.id, ciphersuite: suite, randomBytes: (n) => rng.bytes(n), ...leaf }));
      this.members.set(suite, member);
      await this.publishKeyPackages(suite, count + 1, true);
    }
  }

  private keyPackageCount = 0;

  /**
   * The client was upgraded (sim/actors/content): the same identities advertise its new capabilities
   * and suites from now on, in fresh KeyPackages (new suites get an identity of their own) and, by an
   * update commit carrying the new leaf (a real MLS update), in every group it is in.
   */
  async upgrade(): Promise<void> {
    const { engine, clock, content } = this.host.services;
    if (content === undefined) return;
    const leaf = content.memberOptions(this.host.id);
    for (const suite of content.client(this.host.id).ciphersuites) {
      const old = this.members.get(suite);
      if (old !== undefined) this.members.set(suite, engine.reviseMember(old, leaf));
      else {
        const rng = this.host.world.streams.stream(suiteStreamName(this.host.id, suite));
        this.members.set(suite, await clock.time('create-member', () => engine.createMember({ identity: this.host.id, ciphersuite: suite, randomBytes: (n) => rng.bytes(n), ...leaf })));
      }
      await this.publishKeyPackages(suite, this.keyPackageCount + 1, true);
    }
    for (const [group, slot] of [...this.slots]) if (slot.state !== undefined && !slot.left && engine.isActive(slot.state)) await this.request(group, { kind: 'update' });
  }

  /**
   * Uploads `count` KeyPackages of `suite` in one envelope (sim/actors/keyPackageUpload.ts), the last
   * one the last-resort package if `lastResort`. Where the engine can, each is minted: its randomness
   * drawn now, its keys and signatures computed (and timed as `key-package`) only when its directory
   * first hands it out, which for most of an idle device's packages is never (sim/net/lazyPayload.ts).
   * Same bytes either way. What the mint itself costs is `key-package-mint` (all of it where the
   * engine could not defer).
   */
  private async publishKeyPackages(suite: number, count: number, lastResort: boolean): Promise<void> {
    const member = this.members.get(suite)!;
    const { engine, clock } = this.host.services;
    // The mints in one span, counted as `count` operations: the same calls in the same order.
    if (engine.mintKeyPackage !== undefined) return this.uploadMinted(suite, lastResort, await clock.time('key-package-mint', () => mintAll(engine, member, count, lastResort), count));
    const parts: UploadPart[] = [];
    for (let i = 0; i < count; i++) {
      const last = lastResort && i === count - 1;
      const kp = await clock.time('key-package', () => engine.generateKeyPackage(member, { lastResort: last }));
      this.ownKeyPackages().push({ suite, lastResort: last, minted: undefined, made: { priv: kp.keyPackagePrivate, ref: hex(clock.timeSync('key-package-ref', () => engine.keyPackageRef(kp.keyPackagePrivate))) } });
      parts.push({ bytes: kp.keyPackage });
    }
    this.host.toProvider('key-package', { op: 'kp-publish', device: this.host.id, suite, lastResort }, packUpload(parts));
  }

  /** Uploads minted KeyPackages of `suite` in one envelope, the last one the last-resort package if `lastResort`. */
  private uploadMinted(suite: number, lastResort: boolean, mints: readonly MintedKeyPackage[]): void {
    (this.unlisted ??= []).push({ suite, lastResort, mints });
    // Each unbuilt package is completed by its clock's one builder, given the package (no closure each).
    this.host.toProvider('key-package', { op: 'kp-publish', device: this.host.id, suite, lastResort }, packMinted(mints, builderOf(this.host.services.clock)));
  }

  /** The private half and ref of one of this device's KeyPackages, once it exists (a minted one not yet built was never handed out). */
  private made(kp: OwnKeyPackage): { priv: KeyPackagePrivate; ref: string } | undefined {
    if (kp.made === undefined && kp.minted?.built === true) {
      const priv = kp.minted.build().keyPackagePrivate;
      const { engine, clock } = this.host.services;
      kp.made = { priv, ref: hex(clock.timeSync('key-package-ref', () => engine.keyPackageRef(priv))) };
    }
    return kp.made;
  }

  knows(group: GroupName): boolean {
    return this.slots.has(group);
  }

  isMember(group: GroupName): boolean {
    const slot = this.slots.get(group);
    return slot?.state !== undefined && !slot.left;
  }

  /** Queues a membership change; it is committed when no other commit of this device is in flight. */
  request(group: GroupName, op: GroupOp): Promise<void> {
    let slot = this.slots.get(group);
    if (slot === undefined) {
      if (op.kind !== 'create') return Promise.resolve();
      slot = newSlot();
      this.slots.set(group, slot);
    }
    slot.ops.push(op);
    // Returned so the kernel awaits the crypto: nothing may run behind the simulation's back.
    return this.pump(group);
  }

  /** Why this device cannot send in `group` now (before looking at recipients), or undefined if it can. */
  sendBlocker(group: GroupName): Exclude<SkipReason, 'no-recipients'> | undefined {
    const slot = this.slots.get(group);
    return !this.host.isOnline ? 'sender-offline' : slot?.state === undefined ? 'not-joined' : slot.left ? 'left' : undefined;
  }

  /**
   * Encrypts and sends an application message to every other member of the group. False if nothing
   * was sent: `sendBlocker` says why, or else the group has no one to send to.
   */
  async sendApplication(group: GroupName, msg: MessageId, plaintext: Uint8Array): Promise<boolean> {
    const slot = this.slots.get(group);
    if (this.sendBlocker(group) !== undefined || slot?.state === undefined) return false;
    const { engine, clock, plaintexts } = this.host.services;
    // A group suspended by a committed ReInit (RFC 9420 §11.2) sends nothing; its new group takes over.
    if (!engine.isActive(slot.state)) return false;
    const to = this.sendTo(slot, group);
    const inGroup = to.inGroup;
    // A relaying member (a re-encrypting bridge) stands for the recipients it will re-encrypt to.
    const expanded = this.host.services.expandRecipients?.(group, inGroup) ?? { recipients: inGroup, relays: 0 };
    const recipients = expanded.recipients;
    const { ledger, sim } = this.host.world;
    const missingIntended = this.host.services.missingIntended;
    const missing = missingIntended === undefined ? NONE_MISSING : missingIntended(group, recipients).filter((m) => m.device !== this.host.id);
    if (recipients.length === 0) {
      if (missing.length === 0) return false;
      // Everyone meant was lost to naming: the message is sent to nobody, and that is an outcome.
      ledger.send(msg, this.host.id, missing.map((m) => m.device), sim.now, 'application', 0);
      for (const m of missing) ledger.drop(msg, m.device, sim.now, m.reason);
      this.host.services.exposures?.sent(msg, 0);
      return true;
    }
    // Client-side send steps see the group's real MLS roster (e.g. a disappearing-message capability check).
    if (this.host.services.inbox?.sending === true) this.host.services.inbox.send(this.host.id, this.host.provider, group, msg, inGroup, () => engine.memberLeaves(slot.state!));
    const r = await clock.time('protect', () => engine.protect(slot.state!, plaintext));
    if (r.kind !== 'ok') throw new Error(`device ${this.host.id}: protect failed in ${group}: ${r.detail}`);
    slot.state = r.state;
    // The ledger keeps its own copy of the list.
    ledger.send(msg, this.host.id, missing.length === 0 ? recipients : [...recipients, ...missing.map((m) => m.device)], sim.now, 'application', r.message.length);
    for (const m of missing) ledger.drop(msg, m.device, sim.now, m.reason);
    plaintexts.record(msg, plaintext, recipients.length);
    this.host.services.exposures?.sent(msg, expanded.relays);
    const header: Header = { op: 'app', group, msg, sender: this.host.id, recipients: inGroup };
    // The header's size: the epoch's part (group, sender, recipients) is known, the message id's is added.
    const size = to.headerBase + jsonBytes(msg);
    this.host.afterCpu(recipients.length + 1, () =>
      sendReliably(this.host.world, this.host.id, this.host.provider, 'application', header, r.message, (reason) => {
        for (const to of recipients) if (ledger.isPending(msg, to)) (ledger.drop(msg, to, sim.now, reason), plaintexts.release(msg));
      }, undefined, msg, size),
    );
    return true;
  }

  /**
   * Whom a message of this device goes to in the slot's group now: the other members' devices, and
   * the JSON size of an app header to them less its message id's. The roster changes only with the
   * epoch (RFC 9420 §8; a message sent or received gives a new state in the same epoch), and a slot's
   * epochs only go forward (a device added back or restored gets a fresh slot), so this is read once
   * per slot and epoch instead of per send. The list is frozen: headers share it.
   */
  private sendTo(slot: GroupSlot, group: GroupName): SendTo {
    const state = slot.state!;
    const { engine, clock } = this.host.services;
    const epoch = engine.epoch(state);
    const known = slot.sendTo;
    if (known !== undefined && known.epoch === epoch) return known;
    const me = engine.ownLeafIndex(state);
    const inGroup = Object.freeze(
      clock
        .timeSync('members', () => engine.members(state))
        .filter((m) => m.leafIndex !== me)
        .map((m) => m.identity as NodeId),
    );
    const probe: Header = { op: 'app', group, msg: '' as MessageId, sender: this.host.id, recipients: inGroup };
    return (slot.sendTo = { epoch, inGroup, headerBase: headerBytes(probe) - jsonBytes('') });
  }

  async relay(group: GroupName, msg: MessageId, plaintext: Uint8Array, recipients: readonly NodeId[], lost: (reason: DropReason) => void): Promise<boolean> {
    const slot = this.slots.get(group);
    if (slot?.state === undefined || slot.left) return false;
    const { engine, clock } = this.host.services;
    const r = await clock.time('protect', () => engine.protect(slot.state!, plaintext));
    if (r.kind !== 'ok') return false;
    slot.state = r.state;
    const header: Header = { op: 'app', group, msg, sender: this.host.id, recipients };
    this.host.afterCpu(recipients.length + 1, () => sendReliably(this.host.world, this.host.id, this.host.provider, 'application', header, r.message, lost, undefined, msg));
    return true;
  }

  /** Group epochs this device is in (for end-of-run checks and tests). */
  memberships(): Map<GroupName, number> {
    const out = new Map<GroupName, number>();
    for (const [g, s] of this.slots) if (s.state !== undefined) out.set(g, s.epoch);
    return out;
  }

  peers(group: GroupName): NodeId[] {
    const slot = this.slots.get(group);
    if (slot?.state === undefined || slot.left) return [];
    const { engine, clock } = this.host.services;
    const me = engine.ownLeafIndex(slot.state);
    return clock.timeSync('members', () => engine.members(slot.state!)).filter((m) => m.leafIndex !== me).map((m) => m.identity as NodeId);
  }

  groupState(group: GroupName): GroupState | undefined {
    return this.slots.get(group)?.state;
  }

  /** Application messages still waiting for an epoch this device never reached. */
  undecryptedEarlyApps(): Envelope<Header>[] {
    return [...this.slots.values()].flatMap((s) => s.earlyApps);
  }

  // ---- receiving ----

  receive(env: Envelope<Header>): Promise<void> | void {
    const h = env.header!;
    switch (h.op) {
      case 'kp-claimed':
        return this.onClaimed(h, env.payload);
      case 'commit-result':
        return this.onCommitResult(h);
      case 'handshake':
        return this.onHandshake(h.group, h.epoch, env.payload);
      case 'welcome':
        return this.onWelcome(h.group, env.payload);
      case 'app':
        return this.onApplication(env);
      case 'proposal':
        return this.onProposal(h, env.payload);
      case 'group-info':
        return this.onGroupInfo(h, env.payload);
      default:
        throw new Error(`device ${this.host.id}: unexpected ${h.op} for its MLS stack`);
    }
  }

  /**
   * An application message on its way here: start decrypting it with the group state held now, its
   * signature check on another thread (MlsEngine.unprotectAhead). If the state is still the same
   * when it arrives, onApplication takes that result; otherwise it decrypts again.
   */
  incoming(env: Envelope<Header>): void {
    const h = env.header as Extract<Header, { op: 'app' }>;
    const slot = this.slots.get(h.group);
    if (slot?.state === undefined || slot.left) return;
    const { engine, clock } = this.host.services;
    if (engine.unprotectAhead === undefined) return;
    // Started once the current event is done, with the others of this event, and awaited alone
    // (decryptAhead.ts): that stretch is MLS work, timed whole; the tail after the pool's check is
    // timed by the engine.
    const ahead = (this.ahead ??= { batch: decryptAhead(this.host.world.sim, clock), tail: clock.sink('unprotect-ahead-tail'), taken: clock.sink('unprotect') });
    ahead.batch.decrypt(engine, slot.state, env.payload, ahead.tail);
  }

  /**
   * The batch this device's decryptions ahead join, the tail's sink and the sink of a settled result
   * taken as `unprotect`, looked up at its first copy (its clock is fixed).
   */
  private ahead: { readonly batch: DecryptAhead; readonly tail: (ms: number) => void; readonly taken: (ms: number) => void } | undefined;

  /**
   * An application message arrived. Not async: when its decryption ahead has settled (the usual
   * case: it ran while the message crossed its last link), the result is taken synchronously and the
   * copy settled now, with no promise per copy; only a message whose decryption is not done yet (or
   * never started) awaits `unprotect`. A message that opened with the state held now needs no look
   * at its framing: it is of this epoch or a retained past one, so neither early nor after a removal.
   */
  private onApplication(env: Envelope<Header>): void | Promise<void> {
    const h = env.header as Extract<Header, { op: 'app' }>;
    if (this.host.isDuplicate(h)) return;
    const { ledger, sim } = this.host.world;
    const { engine, plaintexts, clock } = this.host.services;
    const slot = this.slots.get(h.group);
    // The work was done ahead and timed there (`unprotect-ahead` and its tail); taking its result is
    // this copy's `unprotect`, timed as such when it is used.
    const ahead = this.ahead;
    const state = slot?.state;
    let early: UnprotectResult | undefined;
    let lookupMs = 0;
    if (ahead !== undefined && state !== undefined) {
      const start = performance.now(); // wall-clock ok: measurement only
      early = this.settled(state, env.payload);
      lookupMs = performance.now() - start; // wall-clock ok
      if (early?.kind === 'ok') {
        ahead.taken(lookupMs);
        return this.opened(h, slot!, early);
      }
    }
    const epoch = Number(clock.timeSync('peek', () => engine.peek(env.payload)).epoch ?? -1);
    if (slot?.left === true && epoch > slot.epoch) {
      // The sender had not yet seen this device's removal when it encrypted.
      plaintexts.release(h.msg);
      return ledger.reject(h.msg, this.host.id, sim.now, this.host.id, 'removed-from-group');
    }
    if (slot === undefined || slot.state === undefined || epoch > slot.epoch) {
      // Sent in an epoch this device has not reached: its commit or Welcome is still on its way.
      if (slot === undefined) this.slots.set(h.group, newSlot());
      this.slots.get(h.group)!.earlyApps.push(env);
      return;
    }
    if (early !== undefined) {
      ahead!.taken(lookupMs);
      return this.opened(h, slot, early);
    }
    return this.unprotectNow(h, slot, env.payload);
  }

  /** The result of this copy's decryption ahead with `state`, if it has settled (MlsEngine.unprotectSettled); taken. */
  private settled(state: GroupState, payload: Uint8Array): UnprotectResult | undefined {
    return this.host.services.engine.unprotectSettled?.(state, payload);
  }

  /**
   * Decrypts a copy whose decryption ahead is not done (or never started): awaited, timed as
   * `unprotect`; or, when its decryption ahead is still on the pool, as `unprotect-pool-wait`: that
   * span is mostly the main thread waiting for the pool (its work was timed ahead), named apart so
   * the report shows how much of the clock is waiting.
   */
  private unprotectNow(h: Extract<Header, { op: 'app' }>, slot: GroupSlot, payload: Uint8Array): Promise<void> {
    const { engine, clock } = this.host.services;
    const op = this.ahead !== undefined && engine.unprotectPending?.(slot.state!, payload) === true ? 'unprotect-pool-wait' : 'unprotect';
    return clock.time(op, () => engine.unprotect(slot.state!, payload)).then((r) => this.opened(h, slot, r));
  }

  /** A copy's decryption result: the group state moves on and the device accounts for what it read, or it is rejected. */
  private opened(h: Extract<Header, { op: 'app' }>, slot: GroupSlot, r: UnprotectResult): void | Promise<void> {
    if (r.kind !== 'ok') {
      const { sim, trace } = this.host.world;
      trace.emit({ type: 'decrypt', t: sim.now, msg: h.msg, by: this.host.id, ok: false, reason: r.reason });
      return this.host.undecryptable(h, `decrypt-${r.reason}`);
    }
    slot.state = r.state;
    const { engine, clock } = this.host.services;
    return this.host.decrypted(h, r.plaintext, () => clock.timeSync('members', () => engine.members(r.state)).length);
  }

  private async onWelcome(group: GroupName, welcome: Uint8Array): Promise<void> {
    const { engine, clock, stats } = this.host.services;
    let slot = this.slots.get(group);
    if (slot?.state !== undefined && !slot.left) return; // already a member: a duplicate
    if (slot?.left === true) {
      // Added back after a removal: start over, keeping messages that wait for the new epochs.
      const fresh = newSlot();
      fresh.earlyApps.push(...slot.earlyApps);
      this.slots.set(group, (slot = fresh));
    }
    // The Welcome names the KeyPackages it is for (RFC 9420 §12.4.3.1 new_member refs): use ours.
    const reasons = new Set<string>();
    const addressed = new Set(clock.timeSync('welcome-recipients', () => engine.welcomeRecipients(welcome)).map(hex));
    const own = this.ownKeyPackages();
    for (let i = 0; i < own.length; i++) {
      const kp = own[i]!;
      const made = this.made(kp);
      if (made === undefined || !addressed.has(made.ref)) continue;
      const resumingFrom = this.suspendedFor(group);
      const r = await clock.time('join-welcome', () => engine.joinFromWelcome(this.members.get(kp.suite)!, welcome, made.priv, resumingFrom === undefined ? {} : { resumingFrom }));
      if (r.kind !== 'ok') {
        reasons.add(`${r.reason}: ${r.detail}`);
        continue;
      }
      if (!kp.lastResort) {
        own.splice(i, 1);
        await this.publishKeyPackages(kp.suite, 1, false); // replenish the directory: an upload of one
      }
      if (slot === undefined) this.slots.set(group, (slot = newSlot()));
      slot.state = r.state;
      slot.epoch = Number(engine.epoch(r.state));
      stats.welcomesJoined++;
      this.verify(group, slot);
      return this.afterEpochChange(group, slot);
    }
    if (reasons.size === 0) reasons.add('not-member: none of this device\'s KeyPackages is addressed');
    stats.welcomeFailures++;
    this.host.world.trace.emit({ type: 'mls', t: this.host.world.sim.now, op: 'join-welcome', by: this.host.id, group, epoch: -1, bytes: welcome.length, outcome: [...reasons].join('; ') });
  }

  /** This device's state of the group a committed ReInit moved to `group`, if any (RFC 9420 §11.2). */
  private suspendedFor(group: GroupName): GroupState | undefined {
    const { engine } = this.host.services;
    const id = hex(new TextEncoder().encode(group));
    for (const s of this.slots.values()) {
      const r = s.state === undefined || s.left ? undefined : engine.pendingReInit(s.state);
      if (r !== undefined && hex(r.groupId) === id) return s.state;
    }
    return undefined;
  }

  // ---- departures and lost state (sim/actors/membership) ----

  /**
   * The device is restored without history (reinstall from a key backup): every group state is gone,
   * its identities and KeyPackages are kept. Returns the groups it was in, for `rejoin` ops.
   */
  loseState(): GroupName[] {
    const lost: GroupName[] = [];
    for (const [group, slot] of this.slots) {
      if (slot.state === undefined || slot.left) continue;
      lost.push(group);
      this.slots.set(group, newSlot());
    }
    return lost;
  }

  /** The user left `group` (or deleted the app): this client stops taking part; its last state is kept, never used. */
  depart(group: GroupName): void {
    const slot = this.slots.get(group);
    if (slot === undefined) return;
    slot.left = true;
    slot.ops.length = 0;
    slot.pending = undefined;
    slot.earlyHandshakes.clear();
  }

  /** RFC 9420 §12.4.3.2: the GroupInfo for a rejoin; an external commit removing this device's old leaf goes to the delivery service. */
  private async onGroupInfo(h: Extract<Header, { op: 'group-info' }>, payload: Uint8Array): Promise<void> {
    const slot = this.slots.get(h.group);
    if (slot === undefined || !slot.claiming || slot.ops[0]?.kind !== 'rejoin') return;
    slot.claiming = false;
    const { engine, clock, stats } = this.host.services;
    const { trace, sim } = this.host.world;
    const member = payload.length === 0 ? undefined : this.members.get(engine.peek(payload).ciphersuite ?? -1);
    // The service holds no current GroupInfo (its last commit carried none): ask again shortly.
    if (member === undefined) return void sim.schedule(micros(2_000_000), () => this.pump(h.group));
    const r = await clock.time('join-external', () => engine.joinExternal(member, payload, { removePrior: true }));
    const op = slot.ops.shift()!;
    if (r.kind !== 'ok') {
      stats.opsAbandoned++;
      trace.emit({ type: 'mls', t: sim.now, op: 'commit-rejoin', by: this.host.id, group: h.group, epoch: h.epoch, bytes: 0, outcome: r.reason });
      return this.pump(h.group);
    }
    slot.pending = { op, epoch: h.epoch, state: r.state };
    // The new epoch's GroupInfo rides along, so the next device to rejoin finds a current one.
    const gi = await clock.time('group-info', () => engine.groupInfo(r.state));
    const header: Header = { op: 'commit', group: h.group, epoch: h.epoch, committer: this.host.id, adds: [this.host.id], removes: [this.host.id], attempt: stats.commitRetries };
    trace.emit({ type: 'mls', t: sim.now, op: 'commit-rejoin', by: this.host.id, group: h.group, epoch: h.epoch, bytes: r.commit.length });
    this.host.afterCpu(() => engine.members(r.state).length, () => this.host.toProvider('commit', header, frameAll([r.commit, new Uint8Array(0), gi])));
  }

  /**
   * An external sender's proposal (RFC 9420 §12.1.8.1: a MIMI hub's Remove), kept pending for a commit
   * to include by reference; `commit` asks this member to be that committer.
   */
  private async onProposal(h: Extract<Header, { op: 'proposal' }>, payload: Uint8Array, tries = 0): Promise<void> {
    const slot = this.slots.get(h.group);
    if (slot?.state === undefined || slot.left || h.epoch < slot.epoch) return; // stale: the hub proposes again for the new epoch
    // Ahead of this member (its commit for the epoch before is still on the way): look again shortly.
    if (h.epoch > slot.epoch) return void (tries < 40 && this.host.world.sim.schedule(micros(50_000), () => this.onProposal(h, payload, tries + 1)));
    const { engine, clock } = this.host.services;
    const r = await clock.time('process-proposal', () => engine.processHandshake(slot.state!, payload));
    if (r.kind === 'rejected' && r.reason !== 'replay') {
      this.host.world.trace.emit({ type: 'mls', t: this.host.world.sim.now, op: 'process-proposal', by: this.host.id, group: h.group, epoch: slot.epoch, bytes: payload.length, outcome: r.reason });
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
    const slot = this.slots.get(group);
    const { stats } = this.host.services;
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
    const { engine, clock, stats } = this.host.services;
    const r = await clock.time('process-commit', () => engine.processHandshake(slot.state!, commit));
    if (r.kind === 'rejected' && r.reason === 'missing-proposal' && this.host.services.membership !== undefined) {
      // The hub's proposal it commits is still on its way (the network may reorder): wait for it (onProposal).
      slot.earlyHandshakes.set(slot.epoch, commit);
      return;
    }
    if (r.kind !== 'accepted') {
      stats.handshakeRejected++;
      this.host.world.trace.emit({ type: 'mls', t: this.host.world.sim.now, op: 'process-commit', by: this.host.id, group, epoch: slot.epoch, bytes: commit.length, outcome: r.reason });
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
    const slot = this.slots.get(h.group);
    const { stats, engine } = this.host.services;
    if (slot === undefined) return;
    if (h.accepted) {
      const p = slot.pending;
      if (p === undefined || p.epoch !== h.epoch) return;
      slot.pending = undefined;
      slot.state = p.state;
      slot.epoch = Number(engine.epoch(p.state));
      stats.commitsAccepted++;
      if (p.op.kind === 'rejoin') this.host.services.membership?.rejoined?.(this.host, h.group, slot.epoch);
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
    const { engine } = this.host.services;
    const ready = slot.earlyApps.filter((e) => Number(engine.peek(e.payload).epoch ?? -1) <= slot.epoch);
    if (ready.length > 0) {
      slot.earlyApps.splice(0, slot.earlyApps.length, ...slot.earlyApps.filter((e) => !ready.includes(e)));
      for (const e of ready) await this.onApplication(e);
    }
    await this.pump(group);
  }

  private rejectRemoved(env: Envelope<Header>): void {
    const h = env.header as Extract<Header, { op: 'app' }>;
    this.host.services.plaintexts.release(h.msg);
    this.host.world.ledger.reject(h.msg, this.host.id, this.host.world.sim.now, this.host.id, 'removed-from-group');
  }

  private verify(group: GroupName, slot: GroupSlot): void {
    this.host.services.verifier.report(this.host.world.sim.now, group, slot.epoch, this.host.id, this.host.services.engine.epochAuthenticator(slot.state!));
    this.host.services.rosterCheck?.check(this.host, group, slot.epoch, slot.state!);
    this.host.services.content?.onEpoch(this.host, group, slot.state!);
  }

  // ---- committing ----

  /** Starts the head op if nothing is in flight: claims KeyPackages if it adds users, then commits. */
  private async pump(group: GroupName): Promise<void> {
    const slot = this.slots.get(group);
    if (slot === undefined || slot.pending !== undefined || slot.claiming || !this.host.isOnline || slot.left) return;
    const op = slot.ops[0];
    if (op === undefined) return;
    if (op.kind === 'rejoin') {
      if (slot.state !== undefined) return void slot.ops.shift(); // back already
      // Ask the group's delivery service for its GroupInfo; the external commit follows (onGroupInfo).
      slot.claiming = true;
      return this.host.toProvider('control', { op: 'group-info-request', group, device: this.host.id }, new Uint8Array(0));
    }
    if (op.kind === 'create' && slot.state === undefined && this.host.services.content !== undefined && op.negotiated !== true) {
      // First ask what the invitees' clients can do: the group's suite and who is reached in clear follow.
      slot.claiming = true;
      return this.host.services.content.negotiate(this.host, group, op, (decided) => {
        slot.claiming = false;
        if (slot.ops[0] === op) slot.ops[0] = decided;
        return this.pump(group);
      });
    }
    if (op.kind === 'create' && op.resumeFrom !== undefined && slot.state === undefined) {
      // The new group of a ReInit: claim the members' KeyPackages in the new suite, then reinitWelcome.
      slot.claiming = true;
      const request = this.host.nextRequest(this);
      this.pendingClaims.set(request, { group, waiting: op.invitees.length, packages: [], devices: [] });
      if (op.invitees.length === 0) return this.resumeGroup(group, slot, op, [], []);
      for (const c of op.invitees) {
        const claim: Header = { op: 'kp-claim', request, requester: this.host.id, user: c.user, suite: op.ciphersuite, group };
        this.host.toProvider('control', claim, new Uint8Array(0));
      }
      return;
    }
    if (op.kind === 'create' && slot.state === undefined) {
      const member = this.members.get(op.ciphersuite);
      if (member === undefined) {
        slot.ops.shift(); // this device cannot speak the group's suite
        this.host.services.stats.opsAbandoned++;
        return;
      }
      const extensions = await this.host.services.membership?.groupExtensions(group, op.ciphersuite);
      const r = await this.host.services.clock.time('create-group', () => this.host.services.engine.createGroup(member, new TextEncoder().encode(group), extensions === undefined ? undefined : { extensions }));
      slot.state = r.state;
      slot.epoch = 0;
    }
    if (slot.state === undefined) return;
    const users = op.kind === 'create' ? op.invitees : op.kind === 'add' ? op.users : [];
    if (users.length > 0) {
      slot.claiming = true;
      const request = this.host.nextRequest(this);
      // One claim per user; the commit waits for all of them.
      this.pendingClaims.set(request, { group, waiting: users.length, packages: [], devices: [] });
      const suite = this.host.services.engine.ciphersuite(slot.state);
      for (const c of users) {
        const claim: Header = { op: 'kp-claim', request, requester: this.host.id, user: c.user, suite, group, ...(c.identifier !== undefined && { identifier: c.identifier }) };
        this.host.toProvider('control', claim, new Uint8Array(0));
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
    const trust = this.host.services.keyTrust;
    const home = this.serverOf(h.devices[0]);
    h.devices.forEach((d, i) => {
      const kp = packages[i];
      // Only keys that pass this device's verification mode get into the group.
      if (kp === undefined || (trust !== undefined && !trust.check(this.host.id, d, home, kp, attestations[i], this.host.world.sim.now, evidence[i], { group: c.group, user: h.user }))) return;
      c.packages.push(kp);
      c.devices.push(d);
    });
    if (--c.waiting > 0) return;
    this.pendingClaims.delete(h.request);
    const slot = this.slots.get(c.group);
    if (slot === undefined) return;
    slot.claiming = false;
    const op = slot.ops[0];
    if (op?.kind === 'create' && op.resumeFrom !== undefined && slot.state === undefined) return this.resumeGroup(c.group, slot, op, c.packages, c.devices);
    if (op === undefined || slot.state === undefined) return;
    // Devices already in the group (a re-add of a live member) are skipped.
    const { engine, clock } = this.host.services;
    const present = new Set(clock.timeSync('members', () => engine.members(slot.state!)).map((m) => m.identity));
    const keep = c.devices.map((d, i) => [d, c.packages[i]!] as const).filter(([d]) => !present.has(d));
    await this.commit(c.group, slot, op, keep.map(([, kp]) => kp), keep.map(([d]) => d));
  }

  private async commit(group: GroupName, slot: GroupSlot, op: GroupOp, adds: Uint8Array[], addDevices: NodeId[]): Promise<void> {
    const { engine, clock, stats } = this.host.services;
    const state = slot.state!;
    const members = clock.timeSync('members', () => engine.members(state));
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
        ...(op.kind === 'update' && this.host.services.content !== undefined && { revisedMember: this.members.get(engine.ciphersuite(state)) }),
        // A ReInit is committed alone (RFC 9420 §12.2).
        ...(op.kind === 'reinit' && { reinit: { groupId: new TextEncoder().encode(op.successor), ciphersuite: op.ciphersuite }, pending: [] }),
        ...(this.host.services.membership?.wantsGroupInfo(group) === true && { groupInfo: true }),
      }),
    );
    if (r.kind !== 'ok') {
      slot.ops.shift();
      stats.opsAbandoned++;
      this.host.world.trace.emit({ type: 'mls', t: this.host.world.sim.now, op: `commit-${op.kind}`, by: this.host.id, group, epoch: slot.epoch, bytes: 0, outcome: r.reason });
      return this.pump(group);
    }
    slot.ops.shift();
    slot.pending = { op, epoch: slot.epoch, state: r.state };
    const header: Header = {
      op: 'commit',
      group,
      epoch: slot.epoch,
      committer: this.host.id,
      adds: addDevices,
      // Removes the commit took from pending proposals (a hub's external Remove) are roster changes too.
      removes: [...removes.map((x) => x.device), ...r.removedMembers.map((m) => m.identity as NodeId).filter((d) => !removes.some((x) => x.device === d))],
      attempt: stats.commitRetries,
    };
    // A MIMI hub keeps the group's public state: the new epoch's GroupInfo rides as a third frame, for the hub only.
    const payload = r.groupInfo !== undefined ? frameAll([r.commit, r.welcome ?? new Uint8Array(0), r.groupInfo]) : r.welcome === undefined ? frameAll([r.commit]) : frameAll([r.commit, r.welcome]);
    this.host.world.trace.emit({ type: 'mls', t: this.host.world.sim.now, op: `commit-${op.kind}`, by: this.host.id, group, epoch: slot.epoch, bytes: r.commit.length + (r.welcome?.length ?? 0) });
    this.host.afterCpu(members.length, () => this.host.toProvider('commit', header, payload));
  }

  /**
   * RFC 9420 §11.2: the new group of a ReInit this device committed, with the members of the suspended
   * group (only they hold the resumption PSK), from KeyPackages claimed in the new suite. Its first
   * commit goes to the delivery service like a created group's, with the Welcome.
   */
  private async resumeGroup(group: GroupName, slot: GroupSlot, op: Extract<GroupOp, { kind: 'create' }>, packages: Uint8Array[], devices: NodeId[]): Promise<void> {
    const { engine, clock, stats } = this.host.services;
    slot.claiming = false;
    const old = this.slots.get(op.resumeFrom!)?.state;
    const member = this.members.get(op.ciphersuite);
    if (old === undefined || member === undefined || engine.pendingReInit(old) === undefined) {
      slot.ops.shift();
      stats.opsAbandoned++;
      return;
    }
    const inOld = new Set(clock.timeSync('members', () => engine.members(old)).map((m) => m.identity));
    const keep = devices.map((d, i) => [d, packages[i]!] as const).filter(([d]) => inOld.has(d) && d !== this.host.id);
    const r = await clock.time('commit-reinit-welcome', () => engine.reinitWelcome(old, member, keep.map(([, kp]) => kp)));
    slot.ops.shift();
    if (r.kind !== 'ok') {
      stats.opsAbandoned++;
      this.host.world.trace.emit({ type: 'mls', t: this.host.world.sim.now, op: 'reinit-welcome', by: this.host.id, group, epoch: 0, bytes: 0, outcome: r.reason });
      return;
    }
    slot.epoch = 0;
    slot.pending = { op, epoch: 0, state: r.state };
    const header: Header = { op: 'commit', group, epoch: 0, committer: this.host.id, adds: keep.map(([d]) => d), removes: [], attempt: stats.commitRetries };
    this.host.world.trace.emit({ type: 'mls', t: this.host.world.sim.now, op: 'commit-reinit-welcome', by: this.host.id, group, epoch: 0, bytes: r.commit.length + r.welcome.length });
    this.host.afterCpu(keep.length + 1, () => this.host.toProvider('commit', header, frameAll([r.commit, r.welcome])));
  }

  /** The server a device is registered at (the prefix of its id). */
  private serverOf(device: NodeId | undefined): NodeId {
    return (device === undefined ? this.host.provider : device.slice(0, device.indexOf('/'))) as NodeId;
  }

}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Completes a minted KeyPackage inside its upload: built (timed as `key-package`), copied into its part. */
const builders = new WeakMap<CryptoClock, (into: Uint8Array, minted: MintedKeyPackage) => void>();

/** What completes a minted KeyPackage's bytes in an upload: built (timed as `key-package` on `clock`) and written in. One per clock. */
function builderOf(clock: CryptoClock): (into: Uint8Array, minted: MintedKeyPackage) => void {
  let b = builders.get(clock);
  if (b === undefined) builders.set(clock, (b = (into, minted) => into.set(clock.timeSync('key-package', () => minted.build()).keyPackage)));
  return b;
}

/** No intended member is missing (no naming service, no partition): shared, never written. */
const NONE_MISSING: readonly { readonly device: NodeId; readonly reason: string }[] = Object.freeze([]);
