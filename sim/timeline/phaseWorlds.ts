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

/** The arrangement of the world's one provider pair, for each cross-app carrier of the timeline. */
const PAIR_KIND = { 'bridge-e2ee': 'bridge-e2ee', 'bridge-reencrypt': 'bridge-reencrypt', 'federated-mls': 'federated', 'mimi-hub': 'hub' } as const;

const SMALL = { durationSeconds: 30, drainSeconds: 15 };
const WORKLOAD = { oneToOne: 6, groups: { count: 2, size: { kind: 'uniform', min: 3, max: 5 } }, messagesPerMemberPerMinute: 4 };
// Content parts and capabilities (sim/content): MLS members advertise them in their leaves, Signal peers through their client profiles.
const CONTENT = { mix: { richText: 0.3, image: 0.2, reaction: 0.15, reply: 0.15 }, profiles: { 'third-party': { mediaTypes: ['text/markdown'], partKinds: ['reaction', 'reply'] } }, clients: { other: { profile: 'third-party' } } };

/**
 * THE SEAM between the timeline and the protocol level: the worlds to run for the carriers in force in
 * one phase. A cross-app arrangement is a heterogeneous world (issue 17) of the gatekeeper on its own
 * protocol and one third-party provider, joined by that arrangement, all conversations crossing; a
 * provider's own chats are one provider under `silo`. Chats that are not end-to-end encrypted by
 * default have no world: nothing to measure (shown as modelled).
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
        scenario: { name, seed: 1, ...SMALL, architecture: 'silo', protocol: c.protocol, providers: [{ id: 'own', users: 14 }], workload: { ...WORKLOAD, crossProviderShare: 0 }, content: { ...CONTENT, clients: {} } },
      };
    case 'cross': {
      const bridge = c.arrangement === 'bridge-e2ee' || c.arrangement === 'bridge-reencrypt';
      // A heterogeneous world (issue 17): the gatekeeper speaks its own protocol; the third party speaks
      // MLS behind a bridge (the offer's clients take a second stack for the gatekeeper's protocol; the
      // re-encrypting bridge speaks both), and the gatekeeper's protocol where providers federate or
      // meet in a hub, which need one protocol on both sides.
      const other = bridge ? 'mls' : c.protocol;
      return {
        carrier,
        stands: `gatekeeper (${c.protocol}) and a third-party provider (${other}) joined by ${PAIR_KIND[c.arrangement]}, every conversation crossing`,
        scenario: {
          name,
          seed: 1,
          ...SMALL,
          architecture: c.arrangement,
          protocol: c.protocol,
          providers: [
            { id: 'gatekeeper', users: 8, protocol: c.protocol },
            { id: 'other', users: 6, protocol: other },
          ],
          arrangements: { default: PAIR_KIND[c.arrangement], pairs: [{ between: ['gatekeeper', 'other'], kind: PAIR_KIND[c.arrangement] }] },
          ...(bridge && {
            nodes: [{ id: 'bridge', kind: 'bridge' }],
            interop: { gatekeeper: 'gatekeeper', bridgeNode: 'bridge' },
            network: { topology: { kind: 'explicit', edges: [{ a: 'gatekeeper', b: 'bridge' }, { a: 'other', b: 'bridge' }] } },
          }),
          workload: { ...WORKLOAD, crossProviderShare: 1 },
          content: CONTENT,
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
