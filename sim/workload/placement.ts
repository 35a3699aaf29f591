import type { NodeId } from '../core/index.ts';
import { bridgedGroup } from '../actors/conversation.ts';
import { groupName, type GroupName } from '../actors/protocol.ts';
import type { Architecture } from '../interop/index.ts';
import type { ConversationPlan } from './conversations.ts';
import type { UserPlan } from './population.ts';

/** One MLS group to create for a conversation: who creates it and whom it invites. */
export interface GroupCreation {
  readonly group: GroupName;
  readonly creator: UserPlan;
  readonly invitees: readonly UserPlan[];
}

/** Opens (or finds) the account a user holds at a provider, for architectures without server-to-server links. */
export type AccountOpener = (user: UserPlan, provider: NodeId) => UserPlan;

/**
 * Turns conversations into MLS groups the way an architecture places them: one group at the
 * creator's provider or at the gatekeeper, one per provider joined by a bridge, or one at the
 * creator's provider that foreign members reach through accounts there.
 */
export class Placement {
  constructor(
    private readonly arch: Architecture,
    private readonly openAccount: AccountOpener,
    private readonly bridge: UserPlan | undefined,
    private readonly gatekeeper: NodeId | undefined,
  ) {}

  /** The bridge's server, when there is a bridge member. */
  get bridgeNode(): NodeId | undefined {
    return this.bridge?.provider;
  }

  /** The host provider of a single-group conversation. */
  private host(c: ConversationPlan): NodeId {
    if (this.arch.placement === 'gatekeeper' && this.gatekeeper !== undefined && new Set(c.members.map((m) => m.provider)).size > 1) return this.gatekeeper;
    return c.creator.provider;
  }

  /** The identity `user` takes part in the conversation as: itself, or its account at the host. */
  participant(c: ConversationPlan, user: UserPlan): UserPlan {
    if (this.arch.placement !== 'creator-provider-with-accounts') return user;
    const host = this.host(c);
    return user.provider === host ? user : this.openAccount(user, host);
  }

  /** The group `user` sends in. */
  groupOf(c: ConversationPlan, user: UserPlan): GroupName {
    if (this.arch.placement === 'per-provider-bridged') return bridgedGroup(c.name, user.provider);
    return groupName(`${c.name}@${this.host(c)}`);
  }

  creations(c: ConversationPlan): GroupCreation[] {
    if (this.arch.placement !== 'per-provider-bridged') {
      return [{ group: this.groupOf(c, c.creator), creator: c.creator, invitees: c.members.map((m) => this.participant(c, m)) }];
    }
    const bridge = this.bridge!;
    const byProvider = new Map<NodeId, UserPlan[]>();
    for (const m of c.members) byProvider.set(m.provider, [...(byProvider.get(m.provider) ?? []), m]);
    if (byProvider.size === 1) return [{ group: this.groupOf(c, c.creator), creator: c.creator, invitees: c.members }];
    return [...byProvider].map(([provider, members]) => ({
      group: bridgedGroup(c.name, provider),
      // The creator opens its own provider's group; the bridge opens the others.
      creator: provider === c.creator.provider ? c.creator : bridge,
      invitees: [...members, bridge],
    }));
  }

  /** Who commits the addition of `joiner`, in which group; undefined committer means "any active member of that group". */
  addition(c: ConversationPlan, joiner: UserPlan): { group: GroupName; invitee: UserPlan; committer?: UserPlan } {
    if (this.arch.placement === 'per-provider-bridged') return { group: bridgedGroup(c.name, joiner.provider), invitee: joiner, committer: this.bridge! };
    return { group: this.groupOf(c, c.creator), invitee: this.participant(c, joiner) };
  }

  removal(c: ConversationPlan, leaving: UserPlan): { group: GroupName; devices: readonly NodeId[]; committer?: UserPlan } {
    if (this.arch.placement === 'per-provider-bridged') return { group: bridgedGroup(c.name, leaving.provider), devices: leaving.devices, committer: this.bridge! };
    return { group: this.groupOf(c, c.creator), devices: this.participant(c, leaving).devices };
  }
}
