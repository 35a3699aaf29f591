import type { AttackCase } from '../attackCase.ts';
import { downgradeSchema } from '../../../scenarios/attackers/downgrade.ts';
import { clientsSchema } from '../../../scenarios/contentSchema.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import { largestProvider, withAttack } from './providerTargets.ts';

/**
 * The base with every client able to speak X-Wing (suite 83) beside suite 1 and, when `fallback`,
 * willing to send in clear to contacts that seem to lack MLS. Groups are created post-quantum when
 * every member's answer says so; no later migration, so the suite chosen at creation is the outcome.
 */
function capable(base: Scenario, authenticated: boolean, fallback: 'cleartext' | 'none'): Scenario {
  const clients = Object.fromEntries(base.providers.map((p) => [p.id, clientsSchema.parse({ ...base.content.clients[p.id], fallback })]));
  return {
    ...base,
    providers: base.providers.map((p) => ({ ...p, ciphersuites: [83, 1] })),
    content: { ...base.content, clients, authenticatedCapabilities: authenticated, migrateToPostQuantum: false },
  };
}

const strip = (base: Scenario, what: 'post-quantum' | 'mls') => downgradeSchema.parse({ kind: 'downgrade', provider: largestProvider(base), strip: what });

/**
 * The largest provider rewrites the capability answers it serves: stripping X-Wing so groups fall to
 * suite 1 (stopped by reading suites from the signed KeyPackages), or hiding MLS altogether so
 * clients fall back to cleartext (not stopped by signatures, since withholding needs no forgery;
 * stopped only by refusing the cleartext fallback).
 */
export const DOWNGRADE_CASES: readonly AttackCase[] = [
  { attack: 'downgrade: strip post-quantum', defense: 'none (unsigned capability lists)', variant: (base) => withAttack(capable(base, false, 'none'), strip(base, 'post-quantum')) },
  { attack: 'downgrade: strip post-quantum', defense: 'authenticated capabilities', variant: (base) => withAttack(capable(base, true, 'none'), strip(base, 'post-quantum')) },
  { attack: 'downgrade: force cleartext', defense: 'authenticated capabilities only', variant: (base) => withAttack(capable(base, true, 'cleartext'), strip(base, 'mls')) },
  { attack: 'downgrade: force cleartext', defense: 'no cleartext fallback', variant: (base) => withAttack(capable(base, true, 'none'), strip(base, 'mls')) },
];
