import { seconds, type NodeId, type SimTime } from '../../core/index.ts';
import type { MlsEngine } from '../../mls/engine.ts';
import type { Envelope } from '../../net/index.ts';
import type { DeviceActor } from '../device.ts';
import type { DeviceHost } from '../conversation/conversationProtocol.ts';
import type { GroupName, Header } from '../protocol.ts';
import type { SentPlaintexts } from '../sentPlaintexts.ts';
import type { World } from '../world.ts';

export interface LostStateSettings {
  readonly perDevicePerHour: number;
  readonly restoreSeconds: number;
}

/** What lost state cost: losses, group states lost, rejoins by external commit, copies that could not be read. */
export interface LostStateStats {
  losses: number;
  groupsLost: number;
  rejoins: number;
  /** Copies sent to a device while it had no state for the group (rejected `undecryptable-lost-state`). */
  copiesLost: number;
}

/**
 * Devices that come back with lost state (workload.lostState): at seeded times (a Poisson process per
 * device on `lost-state/<device>`) a device is restored without history, keeping its identities and
 * KeyPackages (a key backup) but no group state. After `restoreSeconds` it rejoins each group it was in
 * by an external commit that removes its old leaf (RFC 9420 §12.4.3.2, resync), from the GroupInfo the
 * group's delivery service keeps. Every copy encrypted for the device in an epoch it no longer holds
 * (before the loss was repaired) ends `rejected` with reason `undecryptable-lost-state`.
 */
export class LostState {
  readonly stats: LostStateStats = { losses: 0, groupsLost: 0, rejoins: 0, copiesLost: 0 };
  /** Per device and group: the epoch it rejoined at, or undefined while it has no state. */
  private readonly lost = new Map<string, number | undefined>();

  constructor(
    private readonly world: World,
    private readonly engine: MlsEngine,
    private readonly plaintexts: SentPlaintexts,
    private readonly settings: LostStateSettings,
  ) {}

  start(devices: readonly DeviceActor[], end: SimTime): void {
    const { sim, streams } = this.world;
    const rate = this.settings.perDevicePerHour / 3600;
    for (const d of devices) {
      const rng = streams.stream(`lost-state/${d.id}`);
      const next = (): void => {
        const t = sim.now + seconds(rng.exponential(rate));
        if (t >= end) return;
        sim.scheduleAt(t as SimTime, () => {
          this.lose(d);
          next();
        });
      };
      sim.schedule(seconds(3), next);
    }
  }

  private lose(d: DeviceActor): void {
    const groups = d.loseState();
    this.stats.losses++;
    const { sim, trace } = this.world;
    for (const g of groups) {
      this.stats.groupsLost++;
      this.lost.set(`${d.id} ${g}`, undefined);
      trace.emit({ type: 'mls', t: sim.now, op: 'lost-state', by: d.id, group: g, epoch: -1, bytes: 0 });
    }
    if (groups.length === 0) return;
    // Restored, it rejoins once it is online (an offline device tries again each second).
    const rejoin = async (): Promise<void> => {
      if (!d.isOnline) return void sim.schedule(seconds(1), rejoin);
      for (const g of groups) await d.request(g, { kind: 'rejoin' });
    };
    sim.schedule(seconds(this.settings.restoreSeconds), rejoin);
  }

  rejoined(device: DeviceHost, group: GroupName, epoch: number): void {
    const key = `${device.id} ${group}`;
    if (!this.lost.has(key)) return;
    this.lost.set(key, epoch);
    this.stats.rejoins++;
  }

  /** Settles a copy the device cannot read for want of its lost state; true if it did. */
  intercept(device: DeviceHost, env: Envelope<Header>): boolean {
    const h = env.header!;
    if (h.op !== 'app' || h.clear === true) return false;
    const key = `${device.id} ${h.group}`;
    if (!this.lost.has(key)) return false;
    const back = this.lost.get(key);
    const epoch = Number(this.engine.peek(env.payload).epoch ?? -1);
    if (back !== undefined && epoch >= back) return false;
    const { ledger, sim } = this.world;
    if (ledger.isPending(h.msg, device.id as NodeId)) {
      this.stats.copiesLost++;
      this.plaintexts.release(h.msg);
      ledger.reject(h.msg, device.id, sim.now, device.id, 'undecryptable-lost-state');
    }
    return true;
  }
}
