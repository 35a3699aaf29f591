import type { NodeId } from '../core/index.ts';
import type { Attacker, AttackerContext } from '../actors/attackers/attacker.ts';
import { BridgeOperator } from '../actors/attackers/bridgeOperator.ts';
import { MaliciousProvider } from '../actors/attackers/maliciousProvider.ts';
import { MetadataObserver } from '../actors/attackers/metadataObserver.ts';
import { NetworkAdversary } from '../actors/attackers/networkAdversary.ts';
import type { AttackerConfig } from '../../scenarios/attackSchema.ts';
import { appliesTo } from '../../scenarios/attackers/providerDefenses.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { linkEncrypted } from './providerDefenses.ts';
import { KEY_PACKAGES_PER_DEVICE } from './population.ts';

type ProviderAttackerConfig = Extract<AttackerConfig, { kind: 'metadata-observer' | 'malicious-provider' | 'network-adversary' | 'bridge-operator' }>;

/** Maps the scenario's config of a provider, link, bridge or metadata attacker onto the actor. */
export function installProviderAttacker(config: ProviderAttackerConfig, s: Scenario, ctx: AttackerContext): Attacker {
  const providers = s.providers.map((p) => p.id as NodeId);
  const sealedSender = (p: NodeId) => appliesTo(s.defenses.sealedSender, p);
  switch (config.kind) {
    case 'metadata-observer':
      return new MetadataObserver(ctx, { at: config.at as NodeId, providers, sealedSender });
    case 'network-adversary': {
      const a = config.a as NodeId, b = config.b as NodeId;
      return new NetworkAdversary(ctx, { ...config, a, b, providers, linkEncrypted: linkEncrypted(s, a, b), sealedSender });
    }
    case 'malicious-provider': {
      const p = s.providers.find((x) => x.id === config.provider);
      return new MaliciousProvider(ctx, {
        ...config,
        provider: config.provider as NodeId,
        access: s.network.access,
        keyPackagesPerDevice: KEY_PACKAGES_PER_DEVICE,
        ciphersuites: p?.ciphersuites ?? s.mls.ciphersuites,
      });
    }
    case 'bridge-operator':
      return new BridgeOperator(ctx, config);
  }
}
