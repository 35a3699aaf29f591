import type { NodeId } from '../core/index.ts';
import type { GroupName } from './protocol.ts';

interface GroupRecord {
  epoch: number;
  readonly roster: Set<NodeId>;
}

export type CommitDecision =
  | { readonly kind: 'accepted'; readonly epoch: number; readonly recipients: readonly NodeId[]; readonly joiners: readonly NodeId[] }
  | { readonly kind: 'rejected'; readonly reason: 'wrong-epoch' | 'not-a-member' | 'unknown-group'; readonly currentEpoch: number };

/**
 * The ordering half of an MLS delivery service (RFC 9420 §14): per group, the first valid commit for
 * the current epoch wins and moves the group on; a commit for any other epoch lost a race (or is
 * stale or replayed) and is refused with `wrong-epoch`, so every member sees one linear history.
 */
export class DeliveryService {
  private readonly groups = new Map<GroupName, GroupRecord>();
  accepted = 0;
  rejected = 0;

  /** A group created by `creator` at epoch 0 with only the creator in it. */
  createGroup(group: GroupName, creator: NodeId): void {
    if (this.groups.has(group)) throw new Error(`delivery service: group ${group} created twice`);
    this.groups.set(group, { epoch: 0, roster: new Set([creator]) });
  }

  hosts(group: GroupName): boolean {
    return this.groups.has(group);
  }

  epoch(group: GroupName): number | undefined {
    return this.groups.get(group)?.epoch;
  }

  roster(group: GroupName): NodeId[] {
    return [...(this.groups.get(group)?.roster ?? [])];
  }

  /** Orders one commit for `epoch`; on acceptance the roster changes and the epoch advances. */
  submit(group: GroupName, epoch: number, committer: NodeId, adds: readonly NodeId[], removes: readonly NodeId[]): CommitDecision {
    const g = this.groups.get(group);
    if (g === undefined) return this.reject('unknown-group', -1);
    if (!g.roster.has(committer)) return this.reject('not-a-member', g.epoch);
    if (epoch !== g.epoch) return this.reject('wrong-epoch', g.epoch);
    for (const r of removes) g.roster.delete(r);
    // Removed members still get the commit that removes them, as in RFC 9420 §12.4 fan-out.
    const recipients = [...g.roster, ...removes].filter((d) => d !== committer);
    for (const a of adds) g.roster.add(a);
    g.epoch++;
    this.accepted++;
    return { kind: 'accepted', epoch: g.epoch, recipients, joiners: [...adds] };
  }

  private reject(reason: 'wrong-epoch' | 'not-a-member' | 'unknown-group', currentEpoch: number): CommitDecision {
    this.rejected++;
    return { kind: 'rejected', reason, currentEpoch };
  }
}
