import { seconds, type NodeId, type SimTime } from '../core/index.ts';
import type { DeviceActor } from '../actors/device.ts';
import { KeyTransparency } from '../actors/keyTransparency/keyTransparency.ts';
import type { KeyTrust } from '../actors/keyTrust.ts';
import type { ProviderActor } from '../actors/provider.ts';
import type { World } from '../actors/world.ts';
import type { Scenario } from '../../scenarios/schema.ts';

/**
 * Turns on the scenario's key-discovery defenses (`defenses.keyTransparency`, `outOfBand`, `tofu`,
 * `keyChangePolicy`) in the run's `KeyTrust`, or does nothing when none is set (and the run stays
 * byte-identical). Call once the devices exist, before the run starts.
 */
export function installKeyDefenses(
  s: Scenario,
  ctx: { world: World; keyTrust: KeyTrust; providers: ReadonlyMap<NodeId, ProviderActor>; devices: ReadonlyMap<string, DeviceActor>; until: SimTime; attacked: boolean },
): void {
  const d = s.defenses;
  const any = d.keyTransparency !== undefined || d.outOfBand !== undefined || d.tofu !== undefined || d.keyChangePolicy !== undefined;
  if (!any && !ctx.attacked) return;
  const { world, keyTrust, devices } = ctx;
  const set = (ids: readonly string[] | undefined) => (ids === undefined ? undefined : new Set(ids as NodeId[]));
  // Every server keeps a log, the bridge's gateway account included (its clients must prove it too).
  const logs = ctx.providers;
  const kt = d.keyTransparency;
  const transparency =
    kt &&
    new KeyTransparency(
      world,
      logs,
      (p) => keyTrust.signerOf(p),
      {
        epochPeriod: seconds(kt.epochSeconds),
        origin: seconds(kt.genesisSeconds) as number as SimTime,
        monitorInterval: seconds(kt.monitorIntervalSeconds),
        clientsOf: set(kt.providers),
        auditors: kt.auditors,
      },
      (device) => devices.get(device)?.isOnline === true,
      ctx.until,
    );
  // Out-of-band comparison sees the keys devices really made: noted as they publish them.
  for (const p of logs.values()) p.extensions.push({ onPublish: (device, _suite, kp) => keyTrust.noteGenuine(device, kp) });
  keyTrust.configure({
    world,
    ...(d.outOfBand && { outOfBand: { share: d.outOfBand.share, clientsOf: set(d.outOfBand.providers) } }),
    ...(d.tofu && { priorContactShare: d.tofu.priorContactShare }),
    ...(d.keyChangePolicy && { keyChange: d.keyChangePolicy }),
    ...(transparency && { transparency }),
    reAdd: (viewer, group, user) => devices.get(viewer)?.request(group, { kind: 'add', users: [{ user }] }),
  });
}
