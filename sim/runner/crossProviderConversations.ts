import type { CrossProviderConversations } from '../actors/attackers/attacker.ts';
import type { DeviceActor } from '../actors/device.ts';
import { groupName } from '../actors/protocol.ts';
import { arrangementBetween, type RunInfo } from '../trace/perPair/index.ts';
import type { ConversationPlan } from '../workload/conversations.ts';
import type { Placement } from '../workload/placement.ts';
import type { LivePopulation } from './population.ts';

/**
 * Cross-provider conversations for actors outside the workload (a spammer): whether the arrangement
 * between two providers carries messages, and opening one exactly as the workload opens its own
 * (the run's placement: one group at the host, one per side joined by the bridge, or an account).
 */
export function crossProviderConversations(run: RunInfo, placement: Placement, population: Pick<LivePopulation, 'hasAccount'>, devices: ReadonlyMap<string, DeviceActor>): CrossProviderConversations {
  return {
    carries(from, target) {
      const arrangement = arrangementBetween(run, from.provider, target.provider).arrangement;
      switch (arrangement) {
        case 'intra':
        case 'federated':
        case 'hub':
        case 'bridge-reencrypt':
        case 'bridge-e2ee':
          return true;
        // A multi-protocol client is reachable at the services it already signed up to.
        case 'client-api':
          return population.hasAccount(target, from.provider);
        case 'none':
        case 'cleartext':
          return false;
        default: {
          const never: never = arrangement;
          throw new Error(`unknown arrangement ${String(never)}`);
        }
      }
    },
    async open(conversation, from, target, ciphersuite) {
      const c: ConversationPlan = { name: conversation, group: groupName(`${conversation}@${from.provider}`), kind: 'one-to-one', creator: from, ciphersuite, members: [from, target] };
      for (const g of placement.creations(c)) {
        const creator = devices.get(g.creator.devices[0]!)!;
        await creator.request(g.group, { kind: 'create', ciphersuite, invitees: g.invitees.map((m) => ({ user: m.id })) });
      }
      return { group: placement.groupOf(c, from), device: devices.get(placement.participant(c, from).devices[0]!)!, targetAs: placement.participant(c, target).id };
    },
  };
}
