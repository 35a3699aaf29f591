import { seconds, type NodeId, type RandomStream, type SimTime } from '../../core/index.ts';
import type { World } from '../world.ts';

/**
 * Keeps one device's connection to one service open: a keepalive request every `period` seconds
 * (first at a random phase, from the device's own stream) while the device is online and the API
 * works, until `until`. Each is a real envelope on the access link, counted on the wire as `control`;
 * the server ignores it (it carries no header). `sent` is told of each one.
 */
export function scheduleKeepalives(
  world: World,
  device: NodeId,
  service: NodeId,
  options: { readonly period: number; readonly bytes: number; readonly until: SimTime; readonly rng: RandomStream },
  connected: () => boolean,
  sent: (bytes: number) => void,
): void {
  const { sim, net } = world;
  const payload = new Uint8Array(options.bytes);
  const tick = (): void => {
    if (connected()) {
      net.send({ from: device, to: service, kind: 'control', payload, headerBytes: 0 });
      sent(options.bytes);
    }
    if (sim.now + seconds(options.period) < options.until) sim.schedule(seconds(options.period), tick);
  };
  const first = seconds(options.rng.uniform(0, options.period));
  if (sim.now + first < options.until) sim.schedule(first, tick);
}
