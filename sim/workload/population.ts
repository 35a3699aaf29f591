import type { NodeId, RandomStreams } from '../core/index.ts';
import { userId, type UserId } from '../actors/protocol.ts';
import type { Scenario } from '../../scenarios/schema.ts';

export interface UserPlan {
  readonly id: UserId;
  readonly provider: NodeId;
  readonly devices: readonly NodeId[];
  /** Ciphersuites the user's clients support, most preferred first. */
  readonly ciphersuites: readonly number[];
  readonly intermittent: readonly boolean[];
}

/** Users and devices of every provider, drawn from each provider's own named stream. */
export function planPopulation(s: Scenario, streams: RandomStreams): UserPlan[] {
  const users: UserPlan[] = [];
  for (const p of s.providers) {
    const rng = streams.stream(`population/${p.id}`);
    const suites = p.ciphersuites ?? s.mls.ciphersuites;
    for (let u = 0; u < p.users; u++) {
      const n = typeof p.devicesPerUser === 'number' ? p.devicesPerUser : rng.int(p.devicesPerUser.min, p.devicesPerUser.max);
      const devices = Array.from({ length: n }, (_, d) => `${p.id}/u${u}/d${d}` as NodeId);
      users.push({
        id: userId(`u${u}@${p.id}`),
        provider: p.id as NodeId,
        devices,
        ciphersuites: suites,
        intermittent: devices.map(() => rng.chance(p.intermittentShare ?? 0)),
      });
    }
  }
  return users;
}
