import type { NodeId } from '../core/index.ts';
import { bridgedGroup } from '../actors/conversation.ts';
import { groupName, type GroupName } from '../actors/protocol.ts';
import type { ArrangementTable } from '../interop/index.ts';
import type { ConversationPlan } from './conversations.ts';
import { hostingOf, type Hosting, type OfferGate } from './hosting.ts';
import type { UserPlan } from './population.ts';

/** One group to create for a conversation: who creates it and whom it invites. */
export interface GroupCreation {
  readonly group: GroupName;
  readonly creator: UserPlan;
  readonly invitees: readonly UserPlan[];
}

/** Opens (or finds) the account a user holds at a provider, for arrangements without server-to-server links. */
export type AccountOpener = (user: UserPlan, provider: NodeId) => UserPlan;

/**
 * Turns conversations into groups the way the world's arrangements place them (sim/workload/hosting.ts
 * says who hosts a conversation and how each member takes part): one group at the host that members
 * join from their own provider, through the host's offer, or through an account there; and, across a
 * re-encrypting bridge, one group per side joined by the bridge member.
 */
export class Placement {
  private readonly hostings = new Map<string, Hosting>();

  constructor(
    private readonly table: ArrangementTable,
    private readonly openAccount: AccountOpener,
    private readonly bridge: UserPlan | undefined,
    private readonly gate: OfferGate,
  ) {}

  /** The bridge's server, when there is a bridge member. */
  get bridgeNode(): NodeId | undefined {
    return this.bridge?.provider;
  }

  /** Who hosts `c` and how each provider's members take part, decided once per conversation. */
  hosting(c: ConversationPlan): Hosting {
    let h = this.hostings.get(c.name);
    if (h === undefined) this.hostings.set(c.name, (h = hostingOf(this.table, c, this.gate)));
    return h;
  }

  /** The identity `user` takes part in the conversation as: itself, or its account at the host. */
  participant(c: ConversationPlan, user: UserPlan): UserPlan {
    const h = this.hosting(c);
    return h.modeOf(user.provider) === 'account' ? this.openAccount(user, h.host) : user;
  }

  /** The group `user` sends in. */
  groupOf(c: ConversationPlan, user: UserPlan): GroupName {
    const h = this.hosting(c);
    if (h.modeOf(user.provider) === 'side') return bridgedGroup(c.name, user.provider);
    return h.sideNamed ? bridgedGroup(c.name, h.host) : groupName(`${c.name}@${h.host}`);
  }

  creations(c: ConversationPlan): GroupCreation[] {
    const h = this.hosting(c);
    const sides = [...new Set(c.members.filter((m) => h.modeOf(m.provider) === 'side').map((m) => m.provider))];
    const atHost = c.members.filter((m) => h.modeOf(m.provider) !== 'side');
    const creator = this.participant(c, c.creator);
    if (sides.length === 0) return [{ group: this.groupOf(c, c.creator), creator, invitees: c.members.map((m) => this.participant(c, m)) }];
    const bridge = this.bridge!;
    const hostGroup = h.sideNamed ? bridgedGroup(c.name, h.host) : groupName(`${c.name}@${h.host}`);
    const creatorAtHost = h.modeOf(c.creator.provider) !== 'side';
    return [
      // The creator opens its own side's group; the bridge opens the others.
      ...(atHost.length === 0 ? [] : [{ group: hostGroup, creator: creatorAtHost ? creator : bridge, invitees: [...atHost.map((m) => this.participant(c, m)), bridge] }]),
      ...sides.map((provider) => ({
        group: bridgedGroup(c.name, provider),
        creator: provider === c.creator.provider ? c.creator : bridge,
        invitees: [...c.members.filter((m) => m.provider === provider), bridge],
      })),
    ];
  }

  /** Who commits the addition of `joiner`, in which group; undefined committer means "any active member of that group". */
  addition(c: ConversationPlan, joiner: UserPlan): { group: GroupName; invitee: UserPlan; committer?: UserPlan } {
    const h = this.hosting(c);
    if (this.bridged(h)) return { group: this.groupOf(c, joiner), invitee: this.participant(c, joiner), committer: this.bridge! };
    return { group: this.groupOf(c, c.creator), invitee: this.participant(c, joiner) };
  }

  removal(c: ConversationPlan, leaving: UserPlan): { group: GroupName; devices: readonly NodeId[]; committer?: UserPlan } {
    const h = this.hosting(c);
    if (this.bridged(h)) return { group: this.groupOf(c, leaving), devices: this.participant(c, leaving).devices, committer: this.bridge! };
    return { group: this.groupOf(c, c.creator), devices: this.participant(c, leaving).devices };
  }

  /** Membership of a conversation behind a re-encrypting bridge is managed by the bridge member. */
  private bridged(h: Hosting): boolean {
    return this.bridge !== undefined && (this.table.uniform === 'bridge-reencrypt' || h.hasSides);
  }
}
