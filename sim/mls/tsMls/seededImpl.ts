// The CiphersuiteImpl one operation runs with: the suite's deterministic parts, plus randomness
// drawn from the acting member's byte source (see opRandom.ts).
import type { CiphersuiteImpl } from 'ts-mls';
import type { TsMember } from './handles.ts';
import { opRandom, type OpRandom } from './opRandom.ts';
import { seededHpke } from './seededHpke.ts';

export interface SeededOp {
  readonly cs: CiphersuiteImpl;
  readonly random: OpRandom;
}

/** Call before the operation's first `await`, so the draw order follows the caller's call order. */
export function seededOp(member: Pick<TsMember, 'randomBytes' | 'suite'>): SeededOp {
  const random = opRandom(member.randomBytes);
  const cs: CiphersuiteImpl = { ...member.suite.impl, rng: { randomBytes: random.next }, hpke: seededHpke(member.suite, random) };
  return { cs, random };
}
