// Application messages in (RFC 9420 §6.3). A message from a past epoch still opens while that epoch's
// secrets are retained (§15.3); each generation opens once (§9.2), so a replay is rejected.
import type { ClientState, EpochReceiverData } from 'ts-mls';
import { addToMap } from 'ts-mls/util/addToMap.js';
import { unprotectPrivateMessage } from 'ts-mls/messageProtection.js';
import { toLeafIndex, type UnprotectResult } from '../engine.ts';
import { bytesEqual } from './bytes.ts';
import { withGroup, type TsGroup } from './handles.ts';
import { identityAt } from './members.ts';
import { rejected, rejectionOf } from './rejection.ts';
import { decodeMessage } from './wire.ts';

export async function unprotect(g: TsGroup, bytes: Uint8Array): Promise<UnprotectResult> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('message: expected bytes');
  const client = g.client;
  const msg = decodeMessage(bytes);
  if (msg === undefined) return rejected('malformed', 'does not decode as an MLSMessage');
  if (msg.wireformat !== 'mls_private_message') return rejected('malformed', `expected a private message, got ${msg.wireformat}`);
  const pm = msg.privateMessage;
  if (pm.contentType !== 'application') return rejected('malformed', `expected application data, got a ${pm.contentType}`);
  if (!bytesEqual(pm.groupId, client.groupContext.groupId)) return rejected('wrong-group', 'group id differs');
  if (client.groupActiveState.kind !== 'active') return rejected('not-member', 'this member is no longer in the group');
  const current = pm.epoch === client.groupContext.epoch;
  const past = current ? undefined : client.historicalReceiverData.get(pm.epoch);
  if (!current && past === undefined) {
    return rejected('wrong-epoch', `message epoch ${pm.epoch}, group epoch ${client.groupContext.epoch}, secrets not retained`);
  }
  const epochData: EpochReceiverData = past ?? {
    senderDataSecret: client.keySchedule.senderDataSecret,
    secretTree: client.secretTree,
    ratchetTree: client.ratchetTree,
    groupContext: client.groupContext,
    resumptionPsk: client.keySchedule.resumptionPsk,
  };
  try {
    const res = await unprotectPrivateMessage(
      epochData.senderDataSecret,
      pm,
      epochData.secretTree,
      epochData.ratchetTree,
      epochData.groupContext,
      client.clientConfig.keyRetentionConfig,
      g.member.suite.impl,
    );
    const content = res.content.content;
    if (content.contentType !== 'application' || content.sender.senderType !== 'member') {
      return rejected('malformed', 'decrypted content is not member application data');
    }
    const next: ClientState = past
      ? { ...client, historicalReceiverData: addToMap(client.historicalReceiverData, pm.epoch, { ...past, secretTree: res.tree }) }
      : { ...client, secretTree: res.tree };
    const senderLeaf = toLeafIndex(content.sender.leafIndex);
    return {
      kind: 'ok',
      state: withGroup(g, { client: next }),
      plaintext: content.applicationData,
      authenticatedData: content.authenticatedData,
      epoch: pm.epoch,
      senderLeaf,
      senderIdentity: identityAt(epochData.ratchetTree, senderLeaf) ?? '',
    };
  } catch (e) {
    return rejectionOf(e);
  }
}
