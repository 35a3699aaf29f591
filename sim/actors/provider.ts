import { micros, type NodeId } from '../core/index.ts';
import { completePayload, type Envelope } from '../net/index.ts';
import type { DropReason, PayloadKind } from '../trace/index.ts';
import { answerCapabilityQuery } from './content/capabilityQuery.ts';
import { DeliveryService } from './deliveryService.ts';
import { frameAll, unframeAll } from './framing.ts';
import { KeyPackageDirectory } from './keyPackageDirectory.ts';
import { unpackUpload } from './keyPackageUpload.ts';
import { headerBytes, jsonBytes, type GroupName, type Header, type UserId } from './protocol.ts';
import { sendReliably } from './reliableSender.ts';
import { nextServerHop, type RoutingPolicy } from './routingPolicy.ts';
import type { IdentityService } from './identityService.ts';
import type { KeyTrust } from './keyTrust.ts';
import { homeOfDevice, homeOfGroup, type World } from './world.ts';

/** What a provider tap decides for one envelope the server received. */
export type ProviderTap = (env: Envelope<Header> & { readonly header: Header }) => { readonly kind: 'pass' } | { readonly kind: 'taken' } | { readonly kind: 'delay'; readonly micros: number };

/** One KeyPackage a claim is answered with, and the device it is served as. */
export interface ServedKeyPackage {
  readonly device: NodeId;
  readonly keyPackage: Uint8Array;
}

/**
 * Code running inside this server beside its honest logic (key transparency, a lying directory). Every
 * hook is optional; with none installed the provider behaves exactly as before.
 */
export interface ProviderExtension {
  /**
   * A device published a KeyPackage here (already stored in the directory). Its keys and signatures
   * may not be computed yet (sim/net/lazyPayload.ts): suite, credential, signature key, capabilities and
   * extensions are real; a hook that reads more calls `completePayload` first.
   */
  onPublish?(device: NodeId, suite: number, keyPackage: Uint8Array): void;
  /** May replace what a claim is answered with (a substituting directory); run in installation order. */
  onClaim?(claim: Extract<Header, { op: 'kp-claim' }>, served: readonly ServedKeyPackage[]): readonly ServedKeyPackage[];
  /** Per-package evidence sent with the answer as a third frame (key transparency inclusion proofs). */
  evidence?(served: readonly ServedKeyPackage[]): Uint8Array[];
  /** May take a delivery to one of this server's own devices (true: it did, and settles its outcomes). */
  onDeliverLocal?(device: NodeId, kind: PayloadKind, h: Header, payload: Uint8Array): boolean;
  /** May rewrite the answer to a capability query (sim/actors/content/capabilityQuery.ts) this server serves. */
  onCapabilityAnswer?(claim: Extract<Header, { op: 'kp-claim' }>, payload: Uint8Array): Uint8Array;
  /** This server's delivery service accepted a commit; `groupInfo`: the new epoch's, when the committer sent one. */
  onCommitAccepted?(h: Extract<Header, { op: 'commit' }>, groupInfo: Uint8Array | undefined): void;
  /** The GroupInfo this server keeps for a group it hosts, for a device rejoining by external commit. */
  groupInfo?(group: GroupName): { readonly epoch: number; readonly bytes: Uint8Array } | undefined;
}

interface Stored {
  readonly kind: PayloadKind;
  readonly header: Header;
  readonly payload: Uint8Array;
}

/**
 * A messaging provider's server: KeyPackage directory, the delivery service for groups it hosts,
 * server-side fan-out to its own devices, store-and-forward for devices that are offline, and relay
 * to other providers. It handles only ciphertext and routing metadata: it holds no MLS state.
 */
export class ProviderActor {
  readonly directory = new KeyPackageDirectory();
  readonly ds = new DeliveryService();
  private readonly devicesOf = new Map<UserId, NodeId[]>();
  private readonly online = new Map<NodeId, boolean>();
  private readonly stored = new Map<NodeId, Stored[]>();
  storedTotal = 0;

  constructor(
    private readonly world: World,
    readonly id: NodeId,
    private readonly routing: RoutingPolicy = { kind: 'direct' },
    /** Resolves numbers and handles, and the node lookups go to; absent under hierarchical names. */
    private readonly naming?: { readonly identity: IdentityService; readonly lookupNode: NodeId | undefined },
    /** Signs the KeyPackages this provider serves, when clients verify by provider attestation. */
    private readonly keyTrust?: KeyTrust,
  ) {
    this.devicePrefix = id.includes('/') ? undefined : `${id}/`;
    world.net.attach(id, (env) => this.receive(env as Envelope<Header>));
  }

  registerDevice(user: UserId, device: NodeId, online: boolean): void {
    const list = this.devicesOf.get(user);
    if (list) list.push(device);
    else this.devicesOf.set(user, [device]);
    this.online.set(device, online);
  }

  /** The connection to `device` dropped: hold its traffic until it reconnects. */
  deviceWentOffline(device: NodeId): void {
    this.online.set(device, false);
  }

  /** A push to `device` arrived after its connection dropped: keep it until the device is back. */
  holdForLater(device: NodeId, kind: PayloadKind, header: Header, payload: Uint8Array): void {
    this.online.set(device, false);
    this.store(device, { kind, header, payload });
  }

  /** What is still held for offline devices (for closing outcomes at the end of a run). */
  storedFor(): ReadonlyMap<NodeId, readonly Stored[]> {
    return this.stored;
  }

  /**
   * Interceptors run by whoever controls this server (a compromised provider): each sees every envelope
   * it receives and may let it pass, take it (and settle its outcomes itself) or hold it back.
   */
  readonly taps: ProviderTap[] = [];

  /** Key transparency and directory attackers (see `ProviderExtension`). */
  readonly extensions: ProviderExtension[] = [];

  private receive(env: Envelope<Header>): void {
    const h = env.header;
    if (h === undefined) return;
    // Whoever controls the server reads what arrives as it really is (a minted KeyPackage built first).
    if (this.taps.length > 0) completePayload(env.payload);
    for (const tap of this.taps) {
      const v = tap(env as Envelope<Header> & { header: Header });
      if (v.kind === 'taken') return;
      if (v.kind === 'delay') return void this.world.sim.schedule(micros(v.micros), () => this.handle(env, h));
    }
    return this.handle(env, h);
  }

  /** A device's upload: each of its KeyPackages into the directory, in order (not a framed list: nothing stored). */
  private onPublish(h: Extract<Header, { op: 'kp-publish' }>, payload: Uint8Array): void {
    // With no extension to tell of each package, the directory reads the upload when first asked.
    if (this.extensions.length === 0) return void this.directory.publishUpload(h.device, h.suite, payload, h.lastResort);
    const packages = unpackUpload(payload);
    if (packages === undefined) return;
    const last = packages.length - 1;
    for (let i = 0; i <= last; i++) {
      const kp = packages[i]!;
      this.directory.publish(h.device, h.suite, kp, h.lastResort && i === last);
      for (const x of this.extensions) x.onPublish?.(h.device, h.suite, kp);
    }
  }

  private handle(env: Envelope<Header>, h: Header): void {
    switch (h.op) {
      case 'kp-publish':
        return this.onPublish(h, env.payload);
      case 'kp-claim':
        if (h.identifier !== undefined && h.resolvedTo === undefined) return this.resolveClaim(h);
        return this.serveClaim(h, env.kind, env.payload);
      case 'kp-claimed':
        return this.toDevice(h.requester, env.kind, h, env.payload);
      case 'commit':
        return this.onCommit(env, h);
      case 'commit-result':
        return this.toDevice(h.committer, env.kind, h, env.payload);
      case 'welcome':
        return this.toDevice(h.joiner, env.kind, h, env.payload);
      case 'handshake':
        return this.toDevice(h.to, env.kind, h, env.payload);
      case 'proposal':
        return this.toDevice(h.to, env.kind, h, env.payload);
      case 'group-info':
        return this.toDevice(h.to, env.kind, h, env.payload);
      case 'group-info-request': {
        const home = homeOfGroup(h.group);
        if (home !== this.id) return this.relay(home, env.kind, h, env.payload);
        const gi = this.extensions.reduce<{ epoch: number; bytes: Uint8Array } | undefined>((found, x) => found ?? x.groupInfo?.(h.group), undefined);
        const reply: Header = { op: 'group-info', group: h.group, epoch: gi?.epoch ?? -1, to: h.device };
        return this.toDevice(h.device, 'group-info', reply, gi?.bytes ?? new Uint8Array(0));
      }
      case 'pairwise':
        return this.toDevice(h.to, env.kind, h, env.payload);
      case 'app':
        return this.fanOut(env, h);
      case 'online':
        return this.flush(h.device);
      case 'lookup': {
        const reply: Header = { op: 'lookup-result', request: h.request, asker: h.asker };
        return sendReliably(this.world, this.id, h.asker, 'control', reply, new Uint8Array(0), () => {});
      }
      case 'lookup-result': {
        const then = this.lookups.get(h.request);
        this.lookups.delete(h.request);
        return then?.();
      }
      default: {
        const never: never = h;
        throw new Error(`provider ${this.id}: unknown header ${JSON.stringify(never)}`);
      }
    }
  }

  /** Answers a claim at the user's (or the resolved) provider: one KeyPackage per device of the account. */
  private serveClaim(h: Extract<Header, { op: 'kp-claim' }>, kind: PayloadKind, payload: Uint8Array): void {
    const home = h.resolvedTo ?? this.homeOfUser(h.user);
    if (home !== this.id) return this.relay(home, kind, h, payload);
    let owner: UserId | undefined = h.user;
    if (h.identifier !== undefined && this.naming !== undefined) {
      // Whoever this provider files under the number or handle gets the claim: maybe not the person meant.
      owner = this.naming.identity.accountAt(this.id, h.identifier, this.world.sim.now);
      this.naming.identity.record(h.group, h.identifier, owner);
    }
    const devices = owner === undefined ? [] : (this.devicesOf.get(owner) ?? []);
    if (h.query === true) {
      const answer = answerCapabilityQuery(this.directory, h, devices);
      const payload = this.extensions.reduce((p, x) => x.onCapabilityAnswer?.(h, p) ?? p, answer.payload);
      return this.toDevice(h.requester, 'key-package', answer.header, payload);
    }
    let packages: Uint8Array[] = [];
    let got: NodeId[] = [];
    for (const d of devices) {
      const c = this.directory.claim(d, h.suite);
      if (c.kind === 'exhausted') continue;
      packages.push(c.keyPackage);
      got.push(d);
    }
    const extra = this.extensions.length === 0 ? undefined : this.extendClaim(h, packages, got);
    if (extra !== undefined) ({ packages, got } = extra);
    const reply: Header = { op: 'kp-claimed', request: h.request, requester: h.requester, user: h.user, group: h.group, devices: got };
    const attestations = packages.map((kp, i) => this.keyTrust?.attest(this.id, kp, this.world.sim.now, got[i]) ?? new Uint8Array(0));
    const frames = [frameAll(packages), frameAll(attestations), ...(extra?.evidence === undefined ? [] : [frameAll(extra.evidence)])];
    this.toDevice(h.requester, 'key-package', reply, frameAll(frames));
  }

  /** Runs the extensions over a claim's answer: substitutions first, then evidence for what is served. */
  private extendClaim(h: Extract<Header, { op: 'kp-claim' }>, packages: Uint8Array[], got: NodeId[]) {
    let served: readonly ServedKeyPackage[] = packages.map((keyPackage, i) => ({ device: got[i]!, keyPackage }));
    for (const x of this.extensions) if (x.onClaim !== undefined) served = x.onClaim(h, served);
    let evidence: Uint8Array[] | undefined;
    for (const x of this.extensions) if (x.evidence !== undefined) evidence = x.evidence(served);
    return { packages: served.map((s) => s.keyPackage), got: served.map((s) => s.device), evidence };
  }

  private readonly lookups = new Map<number, () => void>();
  private nextLookup = 0;

  /**
   * Resolves a claim's number or handle as the architecture's discovery does, paying its round trips
   * to the lookup service on the wire, then routes the claim to the provider found (or answers
   * empty-handed when there is none).
   */
  private resolveClaim(h: Extract<Header, { op: 'kp-claim' }>): void {
    const naming = this.naming;
    if (naming === undefined) throw new Error(`provider ${this.id}: a claim by identifier with no naming service`);
    const { identity, lookupNode } = naming;
    const res = identity.resolve(this.id, h.requester, h.identifier!, this.world.sim.now, h.group);
    const proceed = (): void => {
      if (res.provider === undefined) {
        identity.record(h.group, h.identifier!, undefined);
        const reply: Header = { op: 'kp-claimed', request: h.request, requester: h.requester, user: h.user, group: h.group, devices: [] };
        return this.toDevice(h.requester, 'key-package', reply, frameAll([frameAll([]), frameAll([])]));
      }
      this.serveClaim({ ...h, resolvedTo: res.provider }, 'control', new Uint8Array(0));
    };
    let left = lookupNode === undefined ? 0 : res.extraRoundTrips;
    const step = (): void => {
      if (left-- <= 0) return proceed();
      const request = this.nextLookup++;
      this.lookups.set(request, step);
      const ask: Header = { op: 'lookup', request, asker: this.id };
      sendReliably(this.world, this.id, lookupNode!, 'control', ask, new TextEncoder().encode(h.identifier!), () => {
        this.lookups.delete(request);
        proceed();
      });
    };
    step();
  }

  private onCommit(env: Envelope<Header>, h: Extract<Header, { op: 'commit' }>): void {
    const home = homeOfGroup(h.group);
    if (home !== this.id) return this.relay(home, env.kind, h, env.payload);
    if (!this.ds.hosts(h.group) && h.epoch === 0) this.ds.createGroup(h.group, h.committer);
    const decision = this.ds.submit(h.group, h.epoch, h.committer, h.adds, h.removes);
    if (decision.kind === 'rejected') {
      const res: Header = { op: 'commit-result', group: h.group, epoch: h.epoch, committer: h.committer, accepted: false, reason: decision.reason };
      return this.toDevice(h.committer, 'control', res, new Uint8Array(0));
    }
    const [commit, welcome, groupInfo] = unframeAll(env.payload);
    for (const x of this.extensions) x.onCommitAccepted?.(h, groupInfo);
    const ok: Header = { op: 'commit-result', group: h.group, epoch: h.epoch, committer: h.committer, accepted: true };
    this.toDevice(h.committer, 'control', ok, new Uint8Array(0));
    for (const to of decision.recipients) this.toDevice(to, 'commit', { op: 'handshake', group: h.group, epoch: h.epoch, to }, commit!);
    if (welcome !== undefined && welcome.length > 0)
      for (const joiner of decision.joiners) this.toDevice(joiner, 'welcome', { op: 'welcome', group: h.group, epoch: decision.epoch, joiner }, welcome);
  }

  /** Server-side fan-out: one envelope per remote provider, one per local recipient device. */
  private fanOut(env: Envelope<Header>, h: Extract<Header, { op: 'app' }>): void {
    const byProvider = new Map<NodeId, NodeId[]>();
    const rs = h.recipients;
    for (let i = 0; i < rs.length; i++) {
      const r = rs[i]!;
      // This server's own devices found by their id's prefix, without cutting a new string out of each.
      const p = this.ownsDeviceId(r) ? this.id : homeOfDevice(r);
      const list = byProvider.get(p);
      if (list) list.push(r);
      else byProvider.set(p, [r]);
    }
    let base: number | undefined;
    for (const [p, recipients] of byProvider) {
      if (p === this.id) {
        // Each local copy's header is h with recipients [r]: its JSON size is h's, with the recipient
        // list's JSON swapped for `[r]` (the same keys in the same order), without serializing it again.
        base ??= headerBytes(h) - jsonBytes(h.recipients);
        for (const r of recipients) this.deliverLocal(r, env.kind, { ...h, recipients: [r] }, env.payload, base + jsonBytes(r) + 2);
      } else this.relay(p, env.kind, { ...h, recipients }, env.payload);
    }
  }

  /** True if `device` is `<this id>/...`, i.e. `homeOfDevice(device) === this.id`. */
  private ownsDeviceId(device: NodeId): boolean {
    const prefix = this.devicePrefix;
    return prefix !== undefined && device.startsWith(prefix);
  }

  /** `<id>/`, the start of this provider's device ids (undefined for an id with a `/`, which no device's home can be). */
  private readonly devicePrefix: string | undefined;

  /** Sends from this server to a device, through its home provider (a hub's proposals). */
  sendToDevice(device: NodeId, kind: PayloadKind, h: Header, payload: Uint8Array): void {
    this.toDevice(device, kind, h, payload);
  }

  private toDevice(device: NodeId, kind: PayloadKind, h: Header, payload: Uint8Array): void {
    const home = homeOfDevice(device);
    if (home === this.id) this.deliverLocal(device, kind, h, payload);
    else this.relay(home, kind, h, payload);
  }

  private deliverLocal(device: NodeId, kind: PayloadKind, h: Header, payload: Uint8Array, headerSize?: number): void {
    if (this.extensions.length > 0 && this.extensions.some((x) => x.onDeliverLocal?.(device, kind, h, payload) === true)) return;
    if (this.online.get(device) !== true) return this.store(device, { kind, header: h, payload });
    sendReliably(this.world, this.id, device, kind, h, payload, (reason) => {
      // The device vanished mid-delivery (went offline): keep it for later, as a real server would.
      if (reason === 'node-down' || this.online.get(device) !== true) this.store(device, { kind, header: h, payload });
      else this.lost(h, reason);
    }, undefined, msgOf(h), headerSize);
  }

  /** Passes traffic on toward the server `target`, through whatever the architecture puts between. */
  private relay(target: NodeId, kind: PayloadKind, h: Header, payload: Uint8Array): void {
    const hop = nextServerHop(this.routing, this.id, target, h);
    sendReliably(this.world, this.id, hop, kind, h, payload, (reason) => this.lost(h, reason), undefined, msgOf(h));
  }

  private store(device: NodeId, item: Stored): void {
    const q = this.stored.get(device);
    if (q) q.push(item);
    else this.stored.set(device, [item]);
    this.storedTotal++;
  }

  private flush(device: NodeId): void {
    this.online.set(device, true);
    const q = this.stored.get(device);
    if (q === undefined) return;
    this.stored.delete(device);
    for (const item of q) this.deliverLocal(device, item.kind, item.header, item.payload);
  }

  /** An envelope the transport gave up on: application copies are dropped outcomes in the ledger. */
  private lost(h: Header, reason: DropReason): void {
    if (h.op === 'kp-claim') {
      // No route to the user's provider (the topology keeps them apart): the requester hears "no
      // packages" and goes on without that user, rather than waiting for an answer forever.
      const reply: Header = { op: 'kp-claimed', request: h.request, requester: h.requester, user: h.user, group: h.group, devices: [] };
      return this.toDevice(h.requester, 'key-package', reply, frameAll([frameAll([]), frameAll([])]));
    }
    if (h.op !== 'app') return;
    const { ledger, sim } = this.world;
    for (const r of h.recipients) if (ledger.isPending(h.msg, r)) ledger.drop(h.msg, r, sim.now, reason);
  }

  private homeOfUser(user: UserId): NodeId {
    const i = user.lastIndexOf('@');
    return user.slice(i + 1) as NodeId;
  }
}

const msgOf = (h: Header) => (h.op === 'app' ? h.msg : undefined);
