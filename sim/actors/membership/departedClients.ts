import type { NodeId } from '../../core/index.ts';
import type { Envelope } from '../../net/index.ts';
import type { DeviceActor } from '../device.ts';
import type { DeviceHost } from '../conversation/conversationProtocol.ts';
import type { GroupName, Header } from '../protocol.ts';
import type { SentPlaintexts } from '../sentPlaintexts.ts';
import type { World } from '../world.ts';

/**
 * The clients whose users departed: a device that left a group (its user left the conversation) or
 * whose app was deleted takes no further part. A copy that still reaches it (sent before a commit
 * removed it, or held while it was offline) is settled `rejected` with reason `departed`: the client
 * holds no usable state for it, so nothing after the departure reaches the departed user.
 */
export class DepartedClients {
  private readonly left = new Set<string>();
  private readonly deleted = new Set<NodeId>();
  /** Copies settled `departed`. */
  copiesRefused = 0;

  constructor(
    private readonly world: World,
    private readonly plaintexts: SentPlaintexts,
  ) {}

  leave(device: NodeId, group: GroupName): void {
    this.left.add(`${device} ${group}`);
  }

  deleteApp(device: NodeId): void {
    this.deleted.add(device);
  }

  /** Its user was invited back into the group (churn): the client takes part again, from that Welcome on. */
  readd(device: NodeId, group: GroupName): void {
    this.left.delete(`${device} ${group}`);
  }

  hasLeft(device: NodeId, group: GroupName): boolean {
    return this.deleted.has(device) || this.left.has(`${device} ${group}`);
  }

  intercept(device: DeviceHost, env: Envelope<Header>): boolean {
    const h = env.header!;
    // A Welcome it was sent before it left (the group's first commit was late): it does not join.
    if (h.op === 'welcome' && this.hasLeft(device.id, h.group)) return true;
    if (h.op === 'app' && this.hasLeft(device.id, h.group)) {
      const { ledger, sim } = this.world;
      if (ledger.isPending(h.msg, device.id)) {
        this.copiesRefused++;
        this.plaintexts.release(h.msg);
        ledger.reject(h.msg, device.id, sim.now, device.id, 'departed');
      }
      return true;
    }
    // A deleted app takes nothing at all (Welcomes, commits, sender keys).
    return this.deleted.has(device.id);
  }
}
