import type { NodeId } from '../../core/index.ts';

/**
 * The leaves of a group's ratchet tree as its delivery service can follow them from commit headers
 * (RFC 9420 §12.3: a commit applies Removes before Adds; §7.7: an Add takes the leftmost blank leaf,
 * or extends the tree). A MIMI hub needs a member's leaf index to name it in a Remove proposal.
 */
export class LeafMap {
  private readonly leaves: (NodeId | undefined)[];

  constructor(creator: NodeId) {
    this.leaves = [creator];
  }

  apply(removes: readonly NodeId[], adds: readonly NodeId[]): void {
    for (const r of removes) {
      const i = this.leaves.indexOf(r);
      if (i >= 0) this.leaves[i] = undefined;
    }
    for (const a of adds) {
      const blank = this.leaves.indexOf(undefined);
      if (blank >= 0) this.leaves[blank] = a;
      else this.leaves.push(a);
    }
    // RFC 9420 §7.8: trailing blank leaves are truncated away.
    while (this.leaves.length > 0 && this.leaves[this.leaves.length - 1] === undefined) this.leaves.pop();
  }

  leafOf(device: NodeId): number | undefined {
    const i = this.leaves.indexOf(device);
    return i < 0 ? undefined : i;
  }

  /** The devices in leaf order. */
  members(): NodeId[] {
    return this.leaves.filter((d): d is NodeId => d !== undefined);
  }
}
