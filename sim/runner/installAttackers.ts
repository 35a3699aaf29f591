import type { NodeId } from '../core/index.ts';
import type { Attacker, AttackerContext } from '../actors/attackers/attacker.ts';
import { DowngradeAttacker } from '../actors/attackers/downgrade.ts';
import { Impersonator } from '../actors/attackers/impersonator.ts';
import { KeySubstitutingDirectory } from '../actors/attackers/keySubstitution.ts';
import { NonCompliantClient } from '../actors/attackers/nonCompliantClient.ts';
import { Spammer } from '../actors/attackers/spammer.ts';
import { DeviceCompromise } from '../actors/attackers/compromise/deviceCompromise.ts';
import type { AttackerConfig } from '../../scenarios/attackSchema.ts';
import { installProviderAttacker } from './installProviderAttackers.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { ScenarioError } from '../../scenarios/scenarioError.ts';

/**
 * Builds the scenario's attackers inside the world, in the order the scenario lists them (that order
 * is part of the run, so it stays deterministic). Each attacker file knows only its own config shape.
 */
export function installAttackers(s: Scenario, ctx: AttackerContext): Attacker[] {
  return s.attackers.map((config, i) => {
    try {
      return install(config, i, s, ctx);
    } catch (e) {
      // What only the built world can tell (a link the topology lacks, a node that is no server) is
      // still a problem with the scenario file: one line naming the attacker.
      if (e instanceof RangeError) throw new ScenarioError(`scenario ${s.name}`, [`attackers[${i}] (${config.kind}): ${e.message}`]);
      throw e;
    }
  });
}

function install(config: AttackerConfig, index: number, s: Scenario, ctx: AttackerContext): Attacker {
  switch (config.kind) {
    case 'metadata-observer':
    case 'malicious-provider':
    case 'network-adversary':
    case 'bridge-operator':
      return installProviderAttacker(config, s, ctx);
    case 'impersonator':
      return new Impersonator(ctx, config, index);
    case 'non-compliant-client':
      return new NonCompliantClient(ctx, config, index);
    case 'spammer':
      return new Spammer(ctx, config, index);
    case 'downgrade':
      return new DowngradeAttacker(ctx, { provider: config.provider as NodeId, strip: config.strip });
    case 'key-substituting-directory':
      return new KeySubstitutingDirectory({ at: config.at as NodeId, fromSeconds: config.fromSeconds, logSubstitutes: config.logSubstitutes, ...(config.users && { users: config.users }) }, ctx);
    case 'device-compromise':
      return new DeviceCompromise({ atSeconds: config.atSeconds, victims: config.victims, ...(config.devices && { devices: config.devices }) }, ctx);
    default: {
      const never: never = config;
      throw new Error(`attackers[${index}]: unknown kind ${JSON.stringify(never)}`);
    }
  }
}
