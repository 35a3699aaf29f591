// A one-member group at epoch 0 (RFC 9420 §11), in the member's ciphersuite.
import { createGroup as tsCreateGroup } from 'ts-mls';
import type { CreateGroupOptions, GroupState } from '../engine.ts';
import { toExtension } from './createMember.ts';
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
  const extensions = (options.extensions ?? []).map(toExtension);
  const client = await tsCreateGroup(groupId.slice(), kp.publicPackage, kp.privatePackage, extensions, cs, ctx.clientConfig);
  return { state: makeGroup({ member, client, psks: {}, pendingUpdates: [] }) };
}
