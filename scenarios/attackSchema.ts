import { z } from 'zod';
import { abuseDefenseFields } from './attackers/abuseDefenses.ts';
import { bridgeOperatorSchema } from './attackers/bridgeOperator.ts';
import { downgradeSchema } from './attackers/downgrade.ts';
import { deviceCompromiseSchema } from './attackers/deviceCompromise.ts';
import { impersonatorSchema } from './attackers/impersonator.ts';
import { keyDefenseFields, keySubstitutionSchema } from './attackers/keySubstitution.ts';
import { maliciousProviderSchema } from './attackers/maliciousProvider.ts';
import { nonCompliantClientSchema } from './attackers/nonCompliantClient.ts';
import { metadataObserverSchema } from './attackers/metadataObserver.ts';
import { networkAdversarySchema } from './attackers/networkAdversary.ts';
import { providerDefenseFields } from './attackers/providerDefenses.ts';
import { spammerSchema } from './attackers/spammer.ts';

/**
 * Attackers a scenario places in the world: each is an actor acting on the run's real messages and
 * keys. One schema per attacker kind, in scenarios/attackers/.
 */
export const attackerSchema = z.discriminatedUnion('kind', [metadataObserverSchema, maliciousProviderSchema, networkAdversarySchema, bridgeOperatorSchema, spammerSchema, impersonatorSchema, nonCompliantClientSchema, keySubstitutionSchema, downgradeSchema, deviceCompromiseSchema]);

/**
 * Defenses, each switchable per provider (its clients) or for everyone. Absent = off, so a scenario
 * states exactly what protects it.
 */
export const defensesSchema = z.object({ ...providerDefenseFields, ...abuseDefenseFields, ...keyDefenseFields }).strict();

export type AttackerConfig = z.output<typeof attackerSchema>;
export type DefensesConfig = z.output<typeof defensesSchema>;
