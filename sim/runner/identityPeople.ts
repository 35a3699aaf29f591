import type { NodeId, RandomStreams } from '../core/index.ts';
import type { IdentityPerson } from '../actors/identityService.ts';
import type { UserPlan } from '../workload/population.ts';
import type { Scenario } from '../../scenarios/schema.ts';

/**
 * Phone numbers for everyone (`+49151` + provider index + user index, valid E.164) and which of them
 * were ported in from another provider just before the run (the old provider keeps a stale entry).
 */
export function identityPeople(s: Scenario, users: readonly UserPlan[], streams: RandomStreams): IdentityPerson[] {
  const rng = streams.stream('identity/numbers');
  const providers = s.providers.map((p) => p.id);
  return users.map((u) => {
    const pi = providers.indexOf(u.provider);
    const ui = Number(u.id.slice(1, u.id.indexOf('@')));
    const number = `+49151${String(pi).padStart(2, '0')}${String(ui).padStart(5, '0')}`;
    const ported = providers.length > 1 && rng.chance(s.identity.portedShare);
    const others = providers.filter((p) => p !== u.provider);
    return { user: u.id, provider: u.provider, number, ...(ported && { portedFrom: rng.pick(others) as NodeId }) };
  });
}
