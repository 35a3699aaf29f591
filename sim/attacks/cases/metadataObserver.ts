import type { AttackCase } from '../attackCase.ts';
import { metadataObserverSchema } from '../../../scenarios/attackers/metadataObserver.ts';
import { busiestServer, withAttack } from './providerTargets.ts';

/**
 * A passive observer at the server that sees most (the bridge, else the largest provider, which is the
 * hub of its rooms), rebuilding who talks to whom; success rate = recall of the real pairs.
 */
export const METADATA_OBSERVER_CASES: readonly AttackCase[] = [
  { attack: 'metadata observer', defense: 'none', variant: (base, a) => withAttack(base, metadataObserverSchema.parse({ kind: 'metadata-observer', at: busiestServer(base, a) })) },
  { attack: 'metadata observer', defense: 'sealed sender', variant: (base, a) => withAttack(base, metadataObserverSchema.parse({ kind: 'metadata-observer', at: busiestServer(base, a) }), { sealedSender: {} }) },
];
