import type { NodeId } from '../core/index.ts';
import type { DeviceActor } from '../actors/device.ts';
import type { ProviderActor } from '../actors/provider.ts';
import type { World } from '../actors/world.ts';

/** Settles what is still open when the run ends, each with the reason it never arrived. */
export function closeOutstanding(world: World, providers: ReadonlyMap<NodeId, ProviderActor>, devices: ReadonlyMap<string, DeviceActor>): void {
  const { ledger, sim } = world;
  const stored = new Set<string>();
  for (const p of providers.values())
    for (const [device, items] of p.storedFor()) for (const it of items) if (it.header.op === 'app') stored.add(`${it.header.msg}>${device}`);
  const early = new Set<string>();
  for (const d of devices.values()) for (const e of d.undecryptedEarlyApps()) if (e.header?.op === 'app') early.add(`${e.header.msg}>${d.id}`);
  for (const { msg, to } of ledger.outstanding()) {
    const key = `${msg}>${to}`;
    if (early.has(key)) ledger.reject(msg, to, sim.now, to, 'epoch-never-reached');
    else ledger.drop(msg, to, sim.now, stored.has(key) ? 'stored-at-end' : 'in-flight-at-end');
  }
}
