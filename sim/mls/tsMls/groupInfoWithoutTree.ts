// A GroupInfo without the ratchet_tree extension (RFC 9420 §12.4.3.3: the tree is then delivered out
// of band, by the delivery service or hub). Built from the engine's usual GroupInfo, so external_pub is
// written exactly as there, and signed again over the shorter extension list.
import { createGroupInfo } from 'ts-mls/createCommit.js';
import { EngineBug } from './engineBug.ts';
import { groupInfo } from './groupInfo.ts';
import type { TsGroup } from './handles.ts';
import { decodeMessage, encodeMessage } from './wire.ts';

export async function groupInfoWithoutTree(g: TsGroup): Promise<Uint8Array> {
  const msg = decodeMessage(await groupInfo(g));
  if (msg?.wireformat !== 'mls_group_info') throw new EngineBug('groupInfo did not give a GroupInfo');
  const gi = msg.groupInfo;
  const extensions = gi.extensions.filter((e) => e.extensionType !== 'ratchet_tree');
  const signed = await createGroupInfo(gi.groupContext, gi.confirmationTag, g.client, extensions, g.member.suite.impl);
  return encodeMessage({ version: 'mls10', wireformat: 'mls_group_info', groupInfo: signed });
}
