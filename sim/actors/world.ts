import type { NodeId, RandomStreams, Simulator } from '../core/index.ts';
import type { Network } from '../net/index.ts';
import type { Ledger, Trace } from '../trace/index.ts';

/** What every actor is handed: the kernel, the network and the run's accounting. No globals. */
export interface World {
  readonly sim: Simulator;
  readonly net: Network;
  readonly trace: Trace;
  readonly ledger: Ledger;
  readonly streams: RandomStreams;
}

/** The provider a device belongs to: device ids are `provider/user/dN` (RFC-style hierarchical ids). */
export function homeOfDevice(device: NodeId): NodeId {
  const i = device.indexOf('/');
  if (i <= 0) throw new Error(`not a device id: ${device}`);
  return device.slice(0, i) as NodeId;
}

/** The provider hosting a group: group ids are `name@provider`, as MIMI room ids name their hub. */
export function homeOfGroup(group: string): NodeId {
  const i = group.lastIndexOf('@');
  if (i <= 0) throw new Error(`not a group id: ${group}`);
  return group.slice(i + 1) as NodeId;
}

/** The user a device belongs to: `provA/u3/d0` -> `u3@provA`. */
export function userOfDevice(device: NodeId): string {
  // `device.split('/')`'s first two fields, found without the array (a send asks for every recipient).
  const i = device.indexOf('/');
  if (i < 0) return `undefined@${device}`;
  const j = device.indexOf('/', i + 1);
  return `${j < 0 ? device.slice(i + 1) : device.slice(i + 1, j)}@${device.slice(0, i)}`;
}
