import type { NodeId, SimTime } from '../core/index.ts';
import type { DeviceActor, DeviceServices } from '../actors/device.ts';
import type { ProviderActor } from '../actors/provider.ts';
import type { World } from '../actors/world.ts';
import { brokenWindows, drawBreaks } from '../actors/multiClient/apiBreaks.ts';
import { MultiClient } from '../actors/multiClient/multiClient.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import type { LivePopulation } from './population.ts';

/**
 * Under `client-api`, every user's app is one multi-protocol client: its devices get the client's API
 * gate, a crypto clock per service (protocol stack) and kept connections, and the run's trace feeds its
 * accounting. Called before any user is spawned.
 */
export function installMultiClient(s: Scenario, world: World, services: DeviceServices, population: LivePopulation, providers: ReadonlyMap<NodeId, ProviderActor>, end: SimTime, total: SimTime): MultiClient {
  const breaks = drawBreaks(s.clientApi, world.streams, end);
  const mc = new MultiClient(world, s.clientApi, breaks, brokenWindows(breaks), {
    device: (id) => population.devices.get(id) as DeviceActor | undefined,
    provider: (id) => providers.get(id),
    runClock: services.clock,
    exposures: services.exposures,
    total,
  });
  Object.assign(services, { apiGate: mc });
  world.trace.subscribe(mc.listener);
  // Each stack's devices share the run's services but time their crypto on their service's clock;
  // a prototype (not a copy) so services added later (defenses) reach them too.
  population.servicesFor = (device, provider, base) => Object.create(base, { clock: { value: mc.register(device, provider) } }) as DeviceServices;
  return mc;
}
