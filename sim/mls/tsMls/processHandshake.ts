// Receiving a Commit or Proposal (RFC 9420 §12). Cheap framing checks first, so a message for another
// group or epoch is turned away before any cryptography.
import type { CiphersuiteImpl, ClientState, IncomingMessageCallback, MLSMessage, ProposalWithSender, PskIndex } from 'ts-mls';
import { acceptAll, makePskIndex, processPrivateMessage, processPublicMessage } from 'ts-mls';
import type { HandshakeResult } from '../engine.ts';
import { bytesEqual } from './bytes.ts';
import { EngineBug } from './engineBug.ts';
import { withGroup, type PendingUpdate, type TsGroup } from './handles.ts';
import { rosterChange } from './members.ts';
import { proposalAccepted } from './proposals.ts';
import { rejected, rejectionOf } from './rejection.ts';
import { framingOf } from './framing.ts';
import { processCommit } from './processCommit.ts';
import { unprotectPrivateMessage } from 'ts-mls/messageProtection.js';
import { unprotectPublicMessage } from 'ts-mls/messageProtectionPublic.js';
import { decodeMessage } from './wire.ts';
import { processExternalProposal } from './externalSenders.ts';

export async function processHandshake(g: TsGroup, bytes: Uint8Array): Promise<HandshakeResult> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('message: expected bytes');
  const client = g.client;
  const msg = decodeMessage(bytes);
  if (msg === undefined) return rejected('malformed', 'does not decode as an MLSMessage');
  const framing = framingOf(msg);
  if (framing === undefined) return rejected('malformed', `expected a commit or proposal, got ${msg.wireformat}`);
  if (framing.contentType === 'application') return rejected('malformed', 'expected a commit or proposal, got an application message');
  if (!bytesEqual(framing.groupId, client.groupContext.groupId)) return rejected('wrong-group', 'group id differs');
  if (client.groupActiveState.kind !== 'active') return rejected('not-member', 'this member is no longer in the group');
  // RFC 9420 §6: handshake messages are only valid in the epoch they were sent in.
  if (framing.epoch !== client.groupContext.epoch) {
    return rejected('wrong-epoch', `message epoch ${framing.epoch}, group epoch ${client.groupContext.epoch}`);
  }
  // RFC 9420 §12.1.8.1: an external sender's proposal, checked against the RFC external_senders list.
  if (msg.wireformat === 'mls_public_message' && msg.publicMessage.content.sender.senderType === 'external') {
    return processExternalProposal(g, msg.publicMessage);
  }
  const cs = g.member.suite.impl;
  const pskIndex = makePskIndex(client, { ...g.psks });
  try {
    // If the commit applies our own Update, its path secret is encrypted to the Update's new leaf
    // key, which ts-mls does not know about: spot it, then run again holding that key.
    let ownUpdate: PendingUpdate | undefined;
    const watch: IncomingMessageCallback = (incoming) => {
      if (incoming.kind !== 'commit' || g.pendingUpdates.length === 0) return 'accept';
      ownUpdate = appliedOwnUpdate(incoming.proposals, client.privatePath.leafIndex, g.pendingUpdates);
      return ownUpdate === undefined ? 'accept' : 'reject';
    };
    let next = await run(client, msg, pskIndex, cs, watch);
    if (ownUpdate !== undefined) next = await run(withLeafKey(client, ownUpdate.hpkePrivateKey), msg, pskIndex, cs, acceptAll);

    if (framing.contentType === 'proposal') {
      return proposalAccepted(g, client, next);
    }
    const change = rosterChange(client.ratchetTree, next.ratchetTree);
    return {
      kind: 'accepted',
      content: 'commit',
      state: withGroup(g, { client: next, pendingUpdates: [] }),
      epoch: next.groupContext.epoch,
      addedMembers: change.added,
      removedMembers: change.removed,
      removedSelf: next.groupActiveState.kind === 'removedFromGroup',
    };
  } catch (e) {
    return rejectionOf(e);
  }
}

// Proposals go through ts-mls as they are; commits are unprotected by ts-mls and applied by our port of
// its processCommit (processCommit.ts), which is the expensive half.
async function run(
  client: ClientState,
  msg: MLSMessage,
  pskIndex: PskIndex,
  cs: CiphersuiteImpl,
  callback: IncomingMessageCallback,
): Promise<ClientState> {
  if (msg.wireformat === 'mls_public_message') {
    const pm = msg.publicMessage;
    if (pm.content.contentType !== 'commit') return (await processPublicMessage(client, pm, pskIndex, cs, callback)).newState;
    const content = await unprotectPublicMessage(client.keySchedule.membershipKey, client.groupContext, client.ratchetTree, pm, cs);
    return processCommit(client, content, 'mls_public_message', pskIndex, callback, cs);
  }
  if (msg.wireformat === 'mls_private_message') {
    const pm = msg.privateMessage;
    if (pm.contentType !== 'commit') return (await processPrivateMessage(client, pm, pskIndex, cs, callback)).newState;
    const res = await unprotectPrivateMessage(client.keySchedule.senderDataSecret, pm, client.secretTree, client.ratchetTree, client.groupContext, client.clientConfig.keyRetentionConfig, cs);
    return processCommit({ ...client, secretTree: res.tree }, res.content, 'mls_private_message', pskIndex, callback, cs);
  }
  throw new EngineBug(`${msg.wireformat} is not a handshake framing`);
}

function appliedOwnUpdate(proposals: ProposalWithSender[], own: number, pending: readonly PendingUpdate[]): PendingUpdate | undefined {
  for (const p of proposals) {
    if (p.proposal.proposalType !== 'update' || p.senderLeafIndex !== own) continue;
    const key = p.proposal.update.leafNode.hpkePublicKey;
    const hit = pending.find((u) => bytesEqual(u.hpkePublicKey, key));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function withLeafKey(client: ClientState, hpkePrivateKey: Uint8Array): ClientState {
  const leafNode = client.privatePath.leafIndex * 2;
  return {
    ...client,
    privatePath: { ...client.privatePath, privateKeys: { ...client.privatePath.privateKeys, [leafNode]: hpkePrivateKey } },
  };
}
