import type { RandomStream } from '../core/index.ts';
import { groupName, type GroupName } from '../actors/protocol.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { drawGroupSize } from './groupSize.ts';
import type { UserPlan } from './population.ts';

export interface ConversationPlan {
  /** The conversation's name (`dm3`, `g1`); random streams are named after it, never after a group id. */
  readonly name: string;
  /** Its group id when it is one group hosted by the creator's provider (placements may choose others). */
  readonly group: GroupName;
  readonly kind: 'one-to-one' | 'group';
  readonly creator: UserPlan;
  /** The group's ciphersuite: the creator's most preferred one (members are drawn among its supporters). */
  readonly ciphersuite: number;
  /** Everyone in the conversation at the start, the creator first. */
  readonly members: readonly UserPlan[];
}

/**
 * Picks `n` distinct users: each is drawn from another provider than the creator's with probability
 * `crossShare`, otherwise from the creator's own, among users whose clients support `suite`.
 */
export function pickMembers(creator: UserPlan, n: number, users: readonly UserPlan[], crossShare: number, rng: RandomStream, suite: number, exclude: ReadonlySet<UserPlan> = new Set()): UserPlan[] {
  const eligible = users.filter((u) => u !== creator && !exclude.has(u) && u.ciphersuites.includes(suite));
  const local = rng.shuffled(eligible.filter((u) => u.provider === creator.provider));
  const remote = rng.shuffled(eligible.filter((u) => u.provider !== creator.provider));
  const out: UserPlan[] = [];
  while (out.length < n && (local.length > 0 || remote.length > 0)) {
    const wantRemote = rng.chance(crossShare);
    const from = (wantRemote && remote.length > 0) || local.length === 0 ? remote : local;
    out.push(from.pop()!);
  }
  return out;
}

export function planConversations(s: Scenario, users: readonly UserPlan[], rng: RandomStream): ConversationPlan[] {
  const w = s.workload;
  const out: ConversationPlan[] = [];
  for (let i = 0; i < w.oneToOne; i++) {
    const creator = rng.pick(users);
    const suite = creator.ciphersuites[0]!;
    const [peer] = pickMembers(creator, 1, users, w.crossProviderShare, rng, suite);
    if (peer === undefined) continue;
    out.push({ name: `dm${i}`, group: groupName(`dm${i}@${creator.provider}`), kind: 'one-to-one', creator, ciphersuite: suite, members: [creator, peer] });
  }
  for (let i = 0; i < w.groups.count; i++) {
    const creator = rng.pick(users);
    const size = drawGroupSize(w.groups.size, rng, users.length);
    const suite = creator.ciphersuites[0]!;
    const others = pickMembers(creator, size - 1, users, w.crossProviderShare, rng, suite);
    out.push({ name: `g${i}`, group: groupName(`g${i}@${creator.provider}`), kind: 'group', creator, ciphersuite: suite, members: [creator, ...others] });
  }
  return out;
}
