import type { Provider } from './loadTimeline.ts';
import type { MonthPolicy } from './policy.ts';
import { carrierKey, type Carrier } from './worlds.ts';

/** A scaled-down world the protocol level runs for one carrier in force in a phase. */
export interface WorldDoc {
  readonly carrier: string;
  /** What the world stands for, in words (printed and kept in the output). */
  readonly stands: string;
  /** The scenario document, as a file would hold it. */
  readonly scenario: Readonly<Record<string, unknown>>;
}

const SMALL = { durationSeconds: 30, drainSeconds: 15 };
const WORKLOAD = { oneToOne: 6, groups: { count: 2, size: { kind: 'uniform', min: 3, max: 5 } }, messagesPerMemberPerMinute: 4 };
// Content parts ride inside MLS leaves only (sim/content); under Signal fidelity is not measured.
const CONTENT = { mix: { richText: 0.3, image: 0.2, reaction: 0.15, reply: 0.15 }, profiles: { 'third-party': { mediaTypes: ['text/markdown'], partKinds: ['reaction', 'reply'] } }, clients: { other: { profile: 'third-party' } } };

/**
 * THE SEAM between the timeline and the protocol level: the worlds to run for the carriers in force in
 * one phase. Until heterogeneous worlds (issue 17) are merged, each carrier is the closest uniform run:
 * a cross-app arrangement is a gatekeeper and one other provider under that architecture and protocol,
 * all conversations crossing; a provider's own chats are one provider under `silo`. Chats that are not
 * end-to-end encrypted by default have no world: nothing to measure (shown as modelled).
 * To switch to heterogeneous worlds, return one world per phase here (protocol per provider, arrangement
 * per pair) and key its measurements by the same carrier strings.
 */
export function phaseWorlds(providers: readonly Provider[], policy: MonthPolicy): WorldDoc[] {
  const carriers = new Map<string, Carrier>();
  providers.forEach((p, i) => {
    if (!policy.present[i] || !p.e2eeByDefault) return;
    const c: Carrier = { kind: 'native', protocol: p.protocol };
    carriers.set(carrierKey(c), c);
  });
  for (const row of policy.links) {
    for (const l of row) {
      if (l === undefined) continue;
      const c: Carrier = { kind: 'cross', arrangement: l.arrangement, protocol: l.protocol };
      carriers.set(carrierKey(c), c);
    }
  }
  return [...carriers.values()].map(worldFor).sort((a, b) => a.carrier.localeCompare(b.carrier));
}

export function worldFor(c: Carrier): WorldDoc {
  const carrier = carrierKey(c);
  const name = `timeline-${carrier.replace('/', '-')}`;
  switch (c.kind) {
    case 'native':
      return {
        carrier,
        stands: `one provider's own chats (silo, ${c.protocol})`,
        scenario: { name, seed: 1, ...SMALL, architecture: 'silo', protocol: c.protocol, providers: [{ id: 'own', users: 14 }], workload: { ...WORKLOAD, crossProviderShare: 0 }, ...(c.protocol === 'mls' && { content: { ...CONTENT, clients: {} } }) },
      };
    case 'cross': {
      const bridge = c.arrangement === 'bridge-e2ee' || c.arrangement === 'bridge-reencrypt';
      // The simulator's re-encrypting gateway is an MLS member of each per-provider group; there is no
      // Signal gateway device, so the closest run of a Signal re-encrypting bridge speaks MLS.
      const protocol = c.arrangement === 'bridge-reencrypt' ? 'mls' : c.protocol;
      return {
        carrier,
        stands: `gatekeeper and a third-party provider under ${c.arrangement} (${protocol}${protocol !== c.protocol ? `, closest run for ${c.protocol}: no ${c.protocol} re-encrypting gateway in the simulator` : ''}), every conversation crossing`,
        scenario: {
          name,
          seed: 1,
          ...SMALL,
          architecture: c.arrangement,
          protocol,
          providers: [
            { id: 'gatekeeper', users: 8 },
            { id: 'other', users: 6 },
          ],
          ...(bridge && {
            nodes: [{ id: 'bridge', kind: 'bridge' }],
            interop: { gatekeeper: 'gatekeeper', bridgeNode: 'bridge' },
            network: { topology: { kind: 'explicit', edges: [{ a: 'gatekeeper', b: 'bridge' }, { a: 'other', b: 'bridge' }] } },
          }),
          workload: { ...WORKLOAD, crossProviderShare: 1 },
          ...(protocol === 'mls' && { content: CONTENT }),
        },
      };
    }
    case 'native-cleartext':
      throw new RangeError('native/cleartext has no world: its chats are not end-to-end encrypted');
    default: {
      const never: never = c;
      return never;
    }
  }
}
