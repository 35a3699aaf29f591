import { micros, type NodeId, type SimTime } from '../core/index.ts';
import type { GroupState, MlsEngine } from '../mls/engine.ts';
import type { DeviceHost } from './conversation/conversationProtocol.ts';
import type { GroupName } from './protocol.ts';
import type { World } from './world.ts';

/** One client noticing a device in its group that no user's device list vouches for. */
export interface RosterDetection {
  readonly group: GroupName;
  readonly device: NodeId;
  readonly epoch: number;
  readonly by: NodeId;
  readonly at: SimTime;
}

/**
 * Roster checks: after every epoch change a checking client compares the group's members (the MLS
 * leaves' credentials) with the device lists the users themselves publish and sign (WhatsApp's
 * signed device lists, Signal's linked devices): the provider can hand out KeyPackages but cannot
 * sign a user's device list. A member no list vouches for is a ghost: the client records it and
 * removes it by a real commit (one client per group and epoch asks, the first online one).
 */
export class RosterCheck {
  readonly detections: RosterDetection[] = [];
  private readonly asked = new Set<string>();

  constructor(
    private readonly world: World,
    private readonly engine: MlsEngine,
    /** The devices users vouch for (their own signed lists). */
    private readonly vouched: (device: NodeId) => boolean,
    /** Whether clients of `provider` run the check. */
    private readonly checksAt: (provider: NodeId) => boolean,
  ) {}

  /** Called by a device after each epoch change it verified. */
  check(viewer: DeviceHost, group: GroupName, epoch: number, state: GroupState): void {
    if (!this.checksAt(viewer.provider) || !this.vouched(viewer.id)) return;
    for (const m of this.engine.members(state)) {
      const device = m.identity as NodeId;
      if (this.vouched(device)) continue;
      const key = `${group}>${device}#${epoch}`;
      if (this.asked.has(key) || !viewer.isOnline) continue;
      this.asked.add(key);
      const { sim } = this.world;
      this.detections.push({ group, device, epoch, by: viewer.id, at: sim.now });
      sim.schedule(micros(0), () => viewer.request(group, { kind: 'remove', devices: [device] }));
    }
  }
}
