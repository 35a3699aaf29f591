// A signed GroupInfo (RFC 9420 §12.4.3) for external joiners: external_pub and the ratchet tree.
import { groupInfoWithExternalPub } from './externalPub.ts';
import type { TsGroup } from './handles.ts';
import { encodeMessage } from './wire.ts';

export async function groupInfo(g: TsGroup): Promise<Uint8Array> {
  if (g.client.groupActiveState.kind !== 'active') throw new RangeError('groupInfo: state is of a member no longer in the group');
  const gi = await groupInfoWithExternalPub(g.client, g.member.suite.impl);
  return encodeMessage({ version: 'mls10', wireformat: 'mls_group_info', groupInfo: gi });
}
