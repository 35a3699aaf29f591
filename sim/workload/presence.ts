import { seconds, type RandomStream, type SimTime } from '../core/index.ts';
import type { DeviceActor } from '../actors/device.ts';
import type { World } from '../actors/world.ts';

/**
 * An intermittent device alternates online and offline spells of exponential length until `end`,
 * when it comes back for good so the drain phase can deliver what was stored for it.
 */
export function schedulePresence(world: World, device: DeviceActor, rng: RandomStream, meanOnline: number, meanOffline: number, end: SimTime): void {
  const { sim } = world;
  const toggle = (online: boolean): void => {
    const t = sim.now + seconds(rng.exponential(1 / (online ? meanOnline : meanOffline)));
    if (t >= end) return;
    sim.scheduleAt(t as SimTime, () => {
      device.setOnline(!online);
      toggle(!online);
    });
  };
  toggle(true);
  sim.scheduleAt(end, () => device.setOnline(true));
}
