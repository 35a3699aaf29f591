import type { Attacker, AttackerContext } from '../actors/attackers/attacker.ts';
import type { AttackerConfig } from '../../scenarios/attackSchema.ts';
import type { Scenario } from '../../scenarios/schema.ts';

/**
 * Builds the scenario's attackers inside the world, in the order the scenario lists them (that order
 * is part of the run, so it stays deterministic). Each attacker file knows only its own config shape.
 */
export function installAttackers(s: Scenario, ctx: AttackerContext): Attacker[] {
  return s.attackers.map((config, i) => install(config, i, s, ctx));
}

function install(config: AttackerConfig, index: number, s: Scenario, ctx: AttackerContext): Attacker {
  switch (config.kind) {
    case 'metadata-observer':
      throw new Error(`attackers[${index}]: ${config.kind} is not built yet`);
    default: {
      const never: never = config.kind;
      throw new Error(`attackers[${index}]: unknown kind ${String(never)}`);
    }
  }
}
