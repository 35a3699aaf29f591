import { nodeId, type Brand, type NodeId } from '../core/index.ts';
import { describe, requireString } from './quote.ts';

/**
 * A messaging provider (an operator, in DMA terms a "gatekeeper" or a third party). Compared exactly,
 * case included: it names a simulated operator, not a DNS name to normalise.
 */
export type ProviderId = Brand<string, 'ProviderId'>;

const PROVIDER = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

export function providerId(s: unknown): ProviderId {
  const v = requireString(s, 'provider');
  if (v.length > 253) throw new RangeError(`provider: at most 253 characters, got ${v.length}`);
  if (!PROVIDER.test(v)) {
    throw new RangeError(`provider: expected letters, digits, '.', '_' or '-' (not first or last), got ${describe(v)}`);
  }
  return v as ProviderId;
}

/** By convention a provider's home server is the network node of the same name. */
export const providerNodeId = (p: ProviderId): NodeId => nodeId(p);
