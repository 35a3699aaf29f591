// A one-member group at epoch 0 (RFC 9420 §11), in the member's ciphersuite.
import type { CreateGroupOptions, GroupState } from '../engine.ts';
import { toTsExtension } from './groupExtensions.ts';
import { newGroupClient } from './newGroupClient.ts';
import type { EngineContext } from './engineContext.ts';
import { freshKeyPackage } from './generateKeyPackage.ts';
import { makeGroup, type TsMember } from './handles.ts';
import { seededOp } from './seededImpl.ts';

export async function createGroup(
  ctx: EngineContext,
  member: TsMember,
  groupId: Uint8Array,
  options: CreateGroupOptions = {},
): Promise<{ state: GroupState }> {
  if (!(groupId instanceof Uint8Array) || groupId.length === 0) throw new TypeError('groupId: expected non-empty bytes');
  const { cs } = seededOp(member);
  const kp = await freshKeyPackage(member, cs, false);
  // Default extension types by name, as ts-mls's own checks (required_capabilities, external_senders) look them up.
  const extensions = (options.extensions ?? []).map(toTsExtension);
  const client = await newGroupClient(groupId, kp, extensions, cs, ctx.clientConfig);
  return { state: makeGroup({ member, client, psks: {}, pendingUpdates: [] }) };
}
