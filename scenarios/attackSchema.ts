import { z } from 'zod';
import { metadataObserverSchema } from './attackers/metadataObserver.ts';

/**
 * Attackers a scenario places in the world: each is an actor acting on the run's real messages and
 * keys. One schema per attacker kind, in scenarios/attackers/.
 */
export const attackerSchema = z.discriminatedUnion('kind', [metadataObserverSchema]);

/**
 * Defenses, each switchable per provider (its clients) or for everyone. Absent = off, so a scenario
 * states exactly what protects it.
 */
export const defensesSchema = z.object({}).strict();

export type AttackerConfig = z.output<typeof attackerSchema>;
export type DefensesConfig = z.output<typeof defensesSchema>;
