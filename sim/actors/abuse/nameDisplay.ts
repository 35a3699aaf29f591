import type { NodeId, RandomStream } from '../../core/index.ts';
import type { UserId } from '../protocol.ts';

export type Namespace = 'hierarchical' | 'phone' | 'handle';

/** What a user concludes on seeing a name that claims to be one of their contacts. */
export type Judgement = 'believed' | 'ignored' | 'refused';

/**
 * How a client shows who a message is from, and what its user makes of a name that looks like a
 * contact's. Under hierarchical names, or with provider-qualified display (`u7@provB`), a name at an
 * unexpected provider is visibly not the contact and the client warns: the user refuses it. With bare
 * handles a colliding handle is shown exactly like the contact's, so it is believed. A look-alike
 * number differs by a digit: some users are fooled (`lookalikeBelief`).
 */
export class NameDisplay {
  constructor(
    readonly namespace: Namespace,
    /** Whether clients of `provider` show names qualified by provider (the defense). */
    private readonly qualified: (provider: NodeId) => boolean,
  ) {}

  /** True when the client at `provider` shows which provider a name belongs to. */
  showsProvider(provider: NodeId): boolean {
    return this.namespace === 'hierarchical' || this.qualified(provider);
  }

  /** A user at `viewer`'s provider sees `shown` claiming to be their contact `contact`. */
  judge(viewer: NodeId, shown: UserId, contact: UserId, lookalikeBelief: number, rng: RandomStream): Judgement {
    if (this.showsProvider(viewer)) return providerOf(shown) === providerOf(contact) ? 'believed' : 'refused';
    if (this.namespace === 'handle') return localPart(shown) === localPart(contact) ? 'believed' : 'ignored';
    return rng.chance(lookalikeBelief) ? 'believed' : 'ignored';
  }
}

const localPart = (user: string): string => user.slice(0, user.lastIndexOf('@'));
const providerOf = (user: string): string => user.slice(user.lastIndexOf('@') + 1);
