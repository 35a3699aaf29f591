import { micros, seconds, type MessageId, type NodeId, type SimTime } from '../../core/index.ts';
import type { LinkParams } from '../../net/index.ts';
import type { TraceRecord } from '../../trace/index.ts';
import type { DeviceActor } from '../device.ts';
import type { GroupName, Header, UserId } from '../protocol.ts';
import type { ProviderTap } from '../provider.ts';
import type { RosterCheck } from '../rosterCheck.ts';
import { homeOfDevice } from '../world.ts';
import { secondsBetween, type AttackReport, type Attacker, type AttackerContext } from './attacker.ts';
import { GhostDevice } from './ghostDevice.ts';

export interface MaliciousProviderConfig {
  readonly provider: NodeId;
  /** Own users to plant a ghost device for. */
  readonly ghosts: number;
  readonly withholdShare: number;
  readonly delayShare: number;
  readonly delayMs: number;
  /** The access link a ghost gets to its provider (as any client's). */
  readonly access: LinkParams;
  readonly keyPackagesPerDevice: number;
  /** The suites a ghost supports (those of the provider's clients). */
  readonly ciphersuites: readonly number[];
}

type AppHeader = Extract<Header, { op: 'app' }>;

/**
 * A compromised provider. It logs everything its server handles (ciphertexts and routing headers; it
 * cannot decrypt MLS). It plants ghost devices: for some of its users it registers a device it
 * controls in its own directory, so whoever claims KeyPackages for that user also gets the ghost's,
 * with a credential naming a device of that user the user does not own; the ghost joins from the
 * Welcome and decrypts for real. It withholds a share of its own users' outgoing messages (each
 * recipient a `withheld-by-provider` drop) and delays a share of the messages it handles.
 *
 * Detection, measured: roster checks (sim/actors/rosterCheck.ts) for ghosts, from the ghost's
 * KeyPackage being served to the first client that flags it; for withholding, the gap a recipient's
 * client sees when it decrypts the sender's next message in the same group and epoch (the MLS
 * generation counter in the sender data, RFC 9420 §6.3.2, skips the withheld one).
 */
export class MaliciousProvider implements Attacker {
  readonly kind = 'malicious-provider';
  readonly id: string;
  private readonly ghosts = new Map<NodeId, GhostDevice>();
  private readonly ghostOf = new Map<UserId, NodeId>();
  /** (ghost, group) -> when the ghost's KeyPackage was first served for that group. */
  private readonly offered = new Map<string, SimTime>();
  private readonly rng;
  private logged = 0;
  private loggedBytes = 0;
  private readonly appsLogged = new Set<MessageId>();
  private readonly clearRead = new Set<MessageId>();
  private readonly withheld = new Map<MessageId, { at: SimTime; sender: NodeId; group: GroupName; epoch: number; recipients: Set<NodeId>; noticed: boolean }>();
  private gapCopies = 0;
  private withheldCopies = 0;
  /** Messages from this provider's senders, to know whose generation counter a delivery advances. */
  private readonly origin = new Map<MessageId, { sender: NodeId; group: GroupName; epoch: number }>();
  private readonly gapTimes: number[] = [];
  private readonly delayed = new Set<MessageId>();
  private delayedCopies = 0;
  private delayedLatency = 0;

  constructor(private readonly ctx: AttackerContext, private readonly config: MaliciousProviderConfig) {
    this.id = `attacker/provider@${config.provider}`;
    this.rng = ctx.world.streams.stream(`attackers/${this.id}/choices`);
    const server = ctx.providers.get(config.provider);
    if (server === undefined) throw new RangeError(`malicious-provider: no provider ${config.provider}`);
    this.plantGhosts();
    const tap: ProviderTap = (env) => this.tap(env.header, env.from, env.payload);
    server.taps.push(tap);
    ctx.world.trace.subscribe((r) => this.onRecord(r));
  }

  private plantGhosts(): void {
    const { world, services, devices, providers } = this.ctx;
    const server = providers.get(this.config.provider)!;
    const users = new Map<UserId, DeviceActor[]>();
    for (const d of devices.values()) if (d.provider === this.config.provider && d.user.endsWith(`@${this.config.provider}`)) users.set(d.user, [...(users.get(d.user) ?? []), d]);
    const pool = [...users.keys()];
    for (let i = 0; i < this.config.ghosts && pool.length > 0; i++) {
      const user = pool.splice(this.rng.int(0, pool.length - 1), 1)[0]!;
      const local = user.slice(0, user.lastIndexOf('@'));
      let k = users.get(user)!.length;
      while (devices.has(`${this.config.provider}/${local}/d${k}`)) k++;
      const id = `${this.config.provider}/${local}/d${k}` as NodeId;
      world.net.addNode({ id, kind: 'client' });
      world.net.addLink({ a: id, b: this.config.provider, ...this.config.access });
      server.registerDevice(user, id, true);
      // Under protocol: signal the ghost is a device in the user's device list, served prekey bundles.
      const ghost = new GhostDevice(world, services, id, user, this.config.provider, this.config.ciphersuites, (x) => server.deviceWentOffline(x), (x, kind, h, p) => server.holdForLater(x, kind, h, p));
      this.ghosts.set(id, ghost);
      this.ghostOf.set(user, id);
      world.sim.schedule(seconds(0), () => ghost.start(this.config.keyPackagesPerDevice));
    }
  }

  private tap(h: Header, from: NodeId, payload: Uint8Array): ReturnType<ProviderTap> {
    const { sim, ledger } = this.ctx.world;
    this.logged++;
    this.loggedBytes += payload.length;
    if (h.op === 'kp-claim') {
      const ghost = this.ghostOf.get(h.user);
      if (ghost !== undefined && (h.resolvedTo ?? this.config.provider) === this.config.provider) {
        const key = `${ghost}>${h.group}`;
        if (!this.offered.has(key)) this.offered.set(key, sim.now);
      }
      return { kind: 'pass' };
    }
    if (h.op !== 'app') return { kind: 'pass' };
    if (h.clear === true) {
      // A transport fallback in clear: this server really could read it.
      this.clearRead.add(h.msg);
      return { kind: 'pass' };
    }
    this.appsLogged.add(h.msg);
    if (this.withheld.has(h.msg)) return { kind: 'taken' };
    const outbound = from === h.sender && homeOfDevice(h.sender) === this.config.provider && !this.ghosts.has(h.sender);
    const epoch = outbound && this.ctx.services.signal === undefined ? Number(this.ctx.services.engine.peek(payload).epoch ?? -1) : -1;
    if (outbound && !this.origin.has(h.msg)) this.origin.set(h.msg, { sender: h.sender, group: h.group, epoch });
    if (outbound && this.config.withholdShare > 0 && this.rng.chance(this.config.withholdShare)) {
      const recipients = new Set(ledger.pendingRecipients(h.msg));
      this.withheld.set(h.msg, { at: sim.now, sender: h.sender, group: h.group, epoch, recipients, noticed: false });
      for (const r of recipients) {
        ledger.drop(h.msg, r, sim.now, 'withheld-by-provider');
        this.ctx.services.plaintexts.release(h.msg);
      }
      return { kind: 'taken' };
    }
    if (this.config.delayShare > 0 && !this.delayed.has(h.msg) && this.rng.chance(this.config.delayShare)) {
      this.delayed.add(h.msg);
      return { kind: 'delay', micros: micros(Math.round(this.config.delayMs * 1000)) };
    }
    return { kind: 'pass' };
  }

  private onRecord(r: TraceRecord): void {
    if (r.type === 'drop' && r.reason === 'withheld-by-provider' && this.withheld.has(r.msg)) this.withheldCopies++;
    if (r.type !== 'deliver') return;
    if (this.delayed.has(r.msg)) (this.delayedCopies++, (this.delayedLatency += r.latency));
    const o = this.origin.get(r.msg);
    if (o === undefined || this.withheld.size === 0) return;
    // The recipient decrypted a later message of the same sender, group and epoch: a generation is missing.
    for (const w of this.withheld.values()) {
      if (w.sender !== o.sender || w.group !== o.group || w.epoch !== o.epoch || !w.recipients.delete(r.to)) continue;
      this.gapCopies++;
      // The withholding is detected when the first recipient notices it.
      if (!w.noticed) (w.noticed = true), this.gapTimes.push(secondsBetween(w.at, r.t));
    }
  }

  report(): AttackReport {
    const check = this.ctx.services.rosterCheck as RosterCheck | undefined;
    const ghostDetections: number[] = [];
    let exposedGroups = 0;
    const exposed = new Set<MessageId>();
    for (const [key, at] of this.offered) {
      const [ghost, group] = key.split('>') as [NodeId, GroupName];
      const read = this.ghosts.get(ghost)?.read.get(group);
      if (read !== undefined && read.size > 0) exposedGroups++;
      for (const m of read ?? []) exposed.add(m);
      const first = check?.detections.find((d) => d.device === ghost && d.group === group && d.at >= at);
      if (first !== undefined) ghostDetections.push(secondsBetween(at, first.at));
    }
    const joined = [...this.ghosts.values()].reduce((n, g) => n + g.memberships().size, 0);
    return {
      attempts: this.offered.size + this.withheld.size + this.delayed.size,
      successes: exposedGroups + this.withheld.size + this.delayed.size,
      exposed: exposed.size,
      forged: 0,
      detections: [...ghostDetections, ...this.gapTimes],
      detail: {
        envelopesLogged: this.logged,
        bytesLogged: this.loggedBytes,
        appCiphertextsLogged: this.appsLogged.size,
        ...(this.clearRead.size > 0 && { cleartextsRead: this.clearRead.size }),
        ghosts: this.ghosts.size,
        ghostOffers: this.offered.size,
        ghostGroupsJoined: joined,
        ghostGroupsExposed: exposedGroups,
        ghostsDetected: ghostDetections.length,
        ...(this.config.withholdShare > 0 && { withheld: this.withheld.size, withheldCopies: this.withheldCopies, withheldNoticed: this.gapTimes.length, gapCopiesNoticed: this.gapCopies }),
        ...(this.config.delayShare > 0 && { delayed: this.delayed.size, delayedCopies: this.delayedCopies, delayedMeanLatencyMs: this.delayedCopies === 0 ? 0 : Math.round(this.delayedLatency / this.delayedCopies / 1000) }),
      },
    };
  }
}
