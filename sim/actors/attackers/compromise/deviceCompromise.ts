import { seconds, type NodeId, type SimTime } from '../../../core/index.ts';
import type { GroupState } from '../../../mls/engine.ts';
import type { DeviceActor } from '../../device.ts';
import type { GroupName, Header } from '../../protocol.ts';
import type { Attacker, AttackerContext, AttackReport } from '../attacker.ts';
import { MlsThief } from './mlsThief.ts';
import { ReadLog } from './readLog.ts';
import { SignalThief } from './signalThief.ts';
import type { Thief } from './thief.ts';
import { pcsDetail } from './timeline.ts';

/** The scenario's `device-compromise` attacker, as plain values. */
export interface DeviceCompromiseConfig {
  readonly atSeconds: number;
  readonly victims: number;
  readonly devices?: readonly string[];
}

/**
 * Post-compromise security, measured (issue 16): at `atSeconds` the attacker copies the whole protocol
 * state of its victims (the devices in the most conversations, or the named ones) and from then on
 * passively holds every ciphertext the servers deliver to them, decrypting each with the stolen state
 * for real. It never sends, drops or alters anything: the honest run's outcomes are those of the same
 * run without it. Each read is an `expose` record.
 *
 * Measured per compromised conversation: messages addressed to the victim after the compromise, how
 * many the stolen state read, the first it could not read and the instant from which it reads none
 * (recovery), in virtual seconds from the compromise. `attempts` = conversations compromised that saw
 * a later message, `successes` = those where the attacker read at least one, `exposed` = messages read.
 */
export class DeviceCompromise implements Attacker {
  readonly kind = 'device-compromise';
  readonly id = 'attacker/device-compromise';
  private readonly thieves: Thief[] = [];
  /** One per victim (a device speaking both protocols has two thieves sharing it). */
  private readonly logs: ReadLog[] = [];
  private readonly at: SimTime;

  constructor(
    private readonly config: DeviceCompromiseConfig,
    private readonly ctx: AttackerContext,
  ) {
    this.at = seconds(config.atSeconds) as number as SimTime;
    for (const d of config.devices ?? []) if (!ctx.devices.has(d)) throw new RangeError(`devices: no device ${d}`);
    if (this.at >= ctx.end) throw new RangeError(`atSeconds: ${config.atSeconds} is not before the end of the workload`);
    for (const provider of ctx.providers.values()) provider.extensions.push({ onDeliverLocal: (device, _kind, h, payload) => this.onDeliver(device, h, payload) });
    ctx.world.sim.scheduleAt(this.at, () => this.steal());
  }

  /** The people's devices in the most conversations now (ties by id; never a bridge's gateway), or the named ones. */
  private victims(): DeviceActor[] {
    const named = this.config.devices;
    if (named !== undefined) return named.map((d) => this.ctx.devices.get(d)!);
    const people = new Set<string>(this.ctx.population.users.flatMap((u) => u.devices));
    return [...this.ctx.devices.values()]
      .filter((d) => people.has(d.id))
      .map((d) => ({ d, n: d.memberships().size }))
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n || (a.d.id < b.d.id ? -1 : a.d.id > b.d.id ? 1 : 0))
      .slice(0, this.config.victims)
      .map((x) => x.d);
  }

  private steal(): void {
    const { world, services, exposures } = this.ctx;
    const said = (h: Extract<Header, { op: 'app' }>) => services.plaintexts.said(h.msg);
    for (const device of this.victims()) {
      const log = new ReadLog(this.id as NodeId, exposures, world.sim.now);
      this.logs.push(log);
      const signal = device.signalState();
      if (signal !== undefined && services.signal !== undefined) {
        const rng = world.streams.stream(`attackers/${this.id}/${device.id}`);
        this.thieves.push(new SignalThief(device.id, signal, services.signal, (n) => rng.bytes(n), world, log, said));
      }
      // The MLS groups it is in (a Signal conversation has no MLS group state).
      const states = new Map<GroupName, GroupState>();
      for (const group of device.memberships().keys()) {
        const s = device.isMember(group) ? device.groupState(group) : undefined;
        if (s !== undefined) states.set(group, s);
      }
      if (states.size > 0) this.thieves.push(new MlsThief(device.id, states, services.engine, services.clock, world, log, said));
    }
  }

  private onDeliver(device: NodeId, h: Header, payload: Uint8Array): boolean {
    for (const t of this.thieves) t.onDelivery(device, h, payload);
    return false; // passive: the delivery goes on as if the attacker were not there
  }

  report(): AttackReport {
    const conversations = this.logs.flatMap((l) => l.conversations()).filter((c) => c.later > 0);
    const exposed = conversations.reduce((n, c) => n + c.read, 0);
    return {
      attempts: conversations.length,
      successes: conversations.filter((c) => c.read > 0).length,
      exposed,
      forged: 0,
      detections: [],
      detail: { victims: this.logs.length, ...pcsDetail(conversations) },
    };
  }
}
