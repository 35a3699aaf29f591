import type { NodeId } from '../core/index.ts';
import type { DeviceActor, DeviceServices } from '../actors/device.ts';
import { RosterCheck } from '../actors/rosterCheck.ts';
import { ContentSignatures } from '../actors/contentSignatures.ts';
import type { World } from '../actors/world.ts';
import { appliesTo } from '../../scenarios/attackers/providerDefenses.ts';
import type { Scenario } from '../../scenarios/schema.ts';

/**
 * Switches on the client-side defenses against providers, links and bridges that live in the device
 * services (roster checks). Nothing is added when the scenario names none, so runs stay identical.
 */
export function applyProviderDefenses(s: Scenario, world: World, services: DeviceServices, devices: ReadonlyMap<string, DeviceActor>): void {
  const d = s.defenses;
  if (d.rosterChecks !== undefined) {
    // The devices users vouch for are the ones they really have: the population's (never a ghost).
    const check = new RosterCheck(world, services.engine, (device) => devices.has(device), (p) => appliesTo(d.rosterChecks, p));
    Object.assign(services, { rosterCheck: check });
  }
  // Clients judge altered content once something could alter it or signatures are on (else the run's oracle rejects it).
  if (d.contentSignatures !== undefined || s.attackers.some((a) => a.kind === 'bridge-operator')) {
    const sigs = new ContentSignatures(
      (device) => (n) => world.streams.stream(`defenses/content-signature/${device}`).bytes(n),
      (p) => appliesTo(d.contentSignatures, p),
      (p) => appliesTo(d.contentSignatures, p),
    );
    Object.assign(services, { contentSignatures: sigs });
  }
}

/** Whether hop-by-hop TLS protects the link a-b: every provider end of it runs TLS (other nodes follow). */
export function linkEncrypted(s: Scenario, a: NodeId, b: NodeId): boolean {
  const tls = s.defenses.linkEncryption;
  if (tls === undefined) return false;
  const providers = new Set(s.providers.map((p) => p.id));
  return [a, b].every((n) => !providers.has(n) || appliesTo(tls, n));
}
