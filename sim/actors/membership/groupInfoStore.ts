import type { NodeId } from '../../core/index.ts';
import type { ProviderActor } from '../provider.ts';
import type { GroupName } from '../protocol.ts';
import { homeOfGroup } from '../world.ts';

/**
 * The GroupInfo a delivery service keeps for each group it hosts: the one the last accepted commit
 * carried (committers attach it when the run needs it), so a device that lost its state can rejoin by
 * external commit (RFC 9420 §12.4.3.2). A commit without one leaves the service with none, never a
 * stale one.
 */
export function installGroupInfoStore(providers: ReadonlyMap<NodeId, ProviderActor>): void {
  for (const [id, p] of providers) {
    const kept = new Map<GroupName, { epoch: number; bytes: Uint8Array }>();
    p.extensions.push({
      onCommitAccepted: (h, groupInfo) => {
        if (homeOfGroup(h.group) !== id) return;
        if (groupInfo === undefined) kept.delete(h.group);
        else kept.set(h.group, { epoch: h.epoch + 1, bytes: groupInfo });
      },
      groupInfo: (group) => kept.get(group),
    });
  }
}
