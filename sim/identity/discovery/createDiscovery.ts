import { describe } from '../quote.ts';
import { clientSideDiscovery } from './clientSideDiscovery.ts';
import type { Discovery, DiscoverySpec } from './discovery.ts';
import { discoveryServiceDiscovery } from './discoveryServiceDiscovery.ts';
import { gatewayLookupDiscovery } from './gatewayLookupDiscovery.ts';
import { noDiscovery } from './noDiscovery.ts';

function requireBoolean(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${field}: expected a boolean, got ${describe(v)}`);
  return v;
}

/** The strategy a spec names, its fields checked here so the strategies can trust them. */
export function createDiscovery(spec: DiscoverySpec): Discovery {
  switch (spec.kind) {
    case 'none':
      return noDiscovery;
    case 'client-side':
      if (!(spec.clients instanceof Map)) throw new TypeError(`client-side.clients: expected a Map, got ${describe(spec.clients)}`);
      return clientSideDiscovery(spec.clients);
    case 'gateway-lookup':
      return gatewayLookupDiscovery(requireBoolean(spec.onNetFirst, 'gateway-lookup.onNetFirst'));
    case 'discovery-service':
      if (!Number.isSafeInteger(spec.cacheTtl) || spec.cacheTtl < 0) {
        throw new RangeError(`discovery-service.cacheTtl: expected a non-negative integer of microseconds, got ${describe(spec.cacheTtl)}`);
      }
      return discoveryServiceDiscovery(spec.cacheTtl, requireBoolean(spec.onNetFirst, 'discovery-service.onNetFirst'));
    default: {
      const never: never = spec;
      throw new RangeError(`discovery.kind: expected none, client-side, gateway-lookup or discovery-service, got ${describe((never as { kind?: unknown }).kind)}`);
    }
  }
}
