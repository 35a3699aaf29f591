// Byte fields a group state keeps for its whole life, copied out of the message they were decoded
// from. ts-mls's decoders hand out views (subarrays) into the decoded bytes, so a joiner's group id,
// tree hash, transcript hash and confirmation tag each kept the whole decrypted GroupInfo (several KB,
// its ratchet tree included) alive for as long as the group state and every later epoch holding the
// same group id: about 8 KB per membership (issue 14). Same values, own buffers.
import type { GroupContext } from 'ts-mls';

/** The context with its byte fields in buffers of their own (key order and values unchanged). */
export function ownedGroupContext(gc: GroupContext): GroupContext {
  return {
    ...gc,
    groupId: gc.groupId.slice(),
    treeHash: gc.treeHash.slice(),
    confirmedTranscriptHash: gc.confirmedTranscriptHash.slice(),
    extensions: gc.extensions.map((e) => ({ ...e, extensionData: e.extensionData.slice() })),
  };
}
