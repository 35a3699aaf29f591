// External senders and external proposals (RFC 9420 §12.1.8): a server listed in the group's
// external_senders extension signs proposals for a group it is not a member of (sender type
// external), and a would-be member signs its own Add (sender type new_member_proposal). Members check
// the signature against the listed key (RFC vector, groupExtensions.ts) and keep the proposal pending
// for a commit to include by reference.
import type { ClientState, GroupInfo, MLSMessage, Proposal, PublicMessage, RatchetTree } from 'ts-mls';
import { proposeAddExternal } from 'ts-mls';
import { processProposal } from 'ts-mls/clientState.js';
import { extensionsSupportedByCapabilities } from 'ts-mls/extension.js';
import { ratchetTreeFromExtension, verifyGroupInfoSignature } from 'ts-mls/groupInfo.js';
import { protectExternalProposalPublic, unprotectPublicMessage } from 'ts-mls/messageProtectionPublic.js';
import type {
  CreateMemberOptions,
  ExternalProposal,
  ExternalProposalOptions,
  ExternalProposalResult,
  ExternalSenderKeys,
  HandshakeResult,
  NewMemberProposalResult,
  Rejected,
} from '../engine.ts';
import { bytesEqual } from './bytes.ts';
import { suiteParams } from './ciphersuites.ts';
import { checkOptions } from './createMember.ts';
import type { EngineContext } from './engineContext.ts';
import { freshKeyPackage } from './generateKeyPackage.ts';
import { externalSendersOf } from './groupExtensions.ts';
import { makeExternalSender, makeKeyPackagePrivate, type TsExternalSender, type TsGroup, type TsMember } from './handles.ts';
import { decodeKeyPackageMessage } from './keyPackageMessage.ts';
import { opRandom } from './opRandom.ts';
import { proposalAccepted } from './proposals.ts';
import { decodeTree } from './ratchetTreeBytes.ts';
import { rejected, rejectionOf } from './rejection.ts';
import { gceProposal, reinitProposal } from './resumption.ts';
import { seededOp } from './seededImpl.ts';
import { signatureKeyPair } from './signatureKeys.ts';
import { decodeMessage, encodeMessage } from './wire.ts';

export async function createExternalSender(ctx: EngineContext, options: CreateMemberOptions): Promise<ExternalSenderKeys> {
  checkOptions(options);
  const params = suiteParams(options.ciphersuite);
  const keys = await signatureKeyPair(params, opRandom(options.randomBytes));
  return makeExternalSender({
    identity: options.identity,
    suite: await ctx.suite(params),
    randomBytes: options.randomBytes,
    signKey: keys.signKey,
    signPublicKey: keys.publicKey,
  });
}

/** A GroupInfo from the network, its signature checked when the ratchet tree is at hand. */
async function readGroupInfo(bytes: Uint8Array, suite: string, options: ExternalProposalOptions, cs: TsMember['suite']['impl']): Promise<{ kind: 'ok'; gi: GroupInfo; tree?: RatchetTree } | Rejected> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('groupInfo: expected bytes');
  const msg = decodeMessage(bytes);
  if (msg === undefined) return rejected('malformed', 'does not decode as an MLSMessage');
  if (msg.wireformat !== 'mls_group_info') return rejected('malformed', `expected a group info, got ${msg.wireformat}`);
  const gi = msg.groupInfo;
  if (gi.groupContext.cipherSuite !== suite) return rejected('invalid', `group uses ${gi.groupContext.cipherSuite}, sender ${suite}`);
  let tree = ratchetTreeFromExtension(gi);
  if (tree === undefined && options.ratchetTree !== undefined) {
    const t = decodeTree(options.ratchetTree, 'ratchetTree');
    if (t.kind === 'rejected') return t;
    tree = t.tree;
  }
  if (tree !== undefined) {
    const signer = tree[gi.signer * 2];
    if (signer?.nodeType !== 'leaf') return rejected('invalid', 'group info: the signer leaf is blank');
    if (!(await verifyGroupInfoSignature(gi, signer.leaf.signaturePublicKey, cs.signature))) return rejected('bad-signature', 'group info signature');
  }
  return { kind: 'ok', gi, ...(tree !== undefined && { tree }) };
}

export async function proposeExternal(
  sender: TsExternalSender,
  groupInfo: Uint8Array,
  description: ExternalProposal,
  options: ExternalProposalOptions = {},
): Promise<ExternalProposalResult> {
  const { cs } = seededOp(sender);
  try {
    const read = await readGroupInfo(groupInfo, sender.suite.params.name, options, sender.suite.impl);
    if (read.kind === 'rejected') return read;
    const gc = read.gi.groupContext;
    const senderIndex = externalSendersOf(gc.extensions).findIndex((s) => bytesEqual(s.signaturePublicKey, sender.signPublicKey));
    if (senderIndex < 0) return rejected('not-member', 'the group does not list this external sender in external_senders');
    const proposal = externalProposal(description, gc, read.tree, cs);
    if (proposal.kind === 'rejected') return proposal;
    const { publicMessage } = await protectExternalProposalPublic(
      sender.signKey,
      gc,
      options.authenticatedData ?? new Uint8Array(0),
      proposal.proposal,
      { senderType: 'external', senderIndex },
      cs,
    );
    return { kind: 'ok', proposal: encodeMessage({ version: 'mls10', wireformat: 'mls_public_message', publicMessage }) };
  } catch (e) {
    return rejectionOf(e);
  }
}

function externalProposal(
  d: ExternalProposal,
  gc: GroupInfo['groupContext'],
  tree: RatchetTree | undefined,
  cs: TsMember['suite']['impl'],
): { kind: 'ok'; proposal: Proposal } | Rejected {
  switch (d.kind) {
    case 'add': {
      const kp = decodeKeyPackageMessage(d.keyPackage, gc.cipherSuite);
      return kp.kind === 'rejected' ? kp : { kind: 'ok', proposal: { proposalType: 'add', add: { keyPackage: kp.keyPackage } } };
    }
    case 'remove':
      if (tree !== undefined && tree[d.leaf * 2]?.nodeType !== 'leaf') return rejected('invalid', `remove: leaf ${d.leaf} is blank`);
      return { kind: 'ok', proposal: { proposalType: 'remove', remove: { removed: d.leaf } } };
    case 'external-psk':
      if (!(d.id instanceof Uint8Array)) throw new TypeError('id: expected bytes');
      return { kind: 'ok', proposal: { proposalType: 'psk', psk: { preSharedKeyId: { psktype: 'external', pskId: d.id.slice(), pskNonce: cs.rng.randomBytes(cs.kdf.size) } } } };
    case 'resumption-psk':
      if (typeof d.epoch !== 'bigint') throw new TypeError('epoch: expected a bigint');
      return {
        kind: 'ok',
        proposal: {
          proposalType: 'psk',
          psk: { preSharedKeyId: { psktype: 'resumption', usage: 'application', pskGroupId: gc.groupId.slice(), pskEpoch: d.epoch, pskNonce: cs.rng.randomBytes(cs.kdf.size) } },
        },
      };
    case 'group-context-extensions':
      return gceProposal(d.extensions);
    case 'reinit':
      return reinitProposal(gc, d.reinit);
    default: {
      const never: never = d;
      throw new TypeError(`proposal: unknown kind ${JSON.stringify((never as { kind: unknown }).kind)}`);
    }
  }
}

/** The joiner's own Add (RFC 9420 §12.1.8: sender type new_member_proposal), signed with a fresh KeyPackage's key. */
export async function proposeAddAsNewMember(member: TsMember, groupInfo: Uint8Array, options: ExternalProposalOptions = {}): Promise<NewMemberProposalResult> {
  const { cs } = seededOp(member);
  try {
    const read = await readGroupInfo(groupInfo, member.suite.params.name, options, member.suite.impl);
    if (read.kind === 'rejected') return read;
    const kp = await freshKeyPackage(member, cs, false);
    if (!extensionsSupportedByCapabilities(read.gi.groupContext.extensions, kp.publicPackage.leafNode.capabilities)) {
      return rejected('invalid', 'the member does not support every extension in the group context');
    }
    const msg: MLSMessage = await proposeAddExternal(read.gi, kp.publicPackage, kp.privatePackage, cs, options.authenticatedData ?? new Uint8Array(0));
    return {
      kind: 'ok',
      proposal: encodeMessage(msg),
      keyPackage: encodeMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: kp.publicPackage }),
      keyPackagePrivate: makeKeyPackagePrivate({ keyPackage: kp.publicPackage, privatePackage: kp.privatePackage }),
    };
  } catch (e) {
    return rejectionOf(e);
  }
}

/** Proposal types an external sender may send (RFC 9420 §12.1.8.1); Update and ExternalInit are not. */
const EXTERNAL_TYPES = new Set(['add', 'remove', 'psk', 'reinit', 'group_context_extensions']);

/**
 * A member receiving an external sender's proposal: the sender index must name an entry of the group's
 * external_senders list, and the signature must verify with that entry's key.
 */
export async function processExternalProposal(g: TsGroup, pm: PublicMessage): Promise<HandshakeResult> {
  const client: ClientState = g.client;
  const c = pm.content;
  if (c.contentType !== 'proposal' || c.sender.senderType !== 'external') return rejected('malformed', 'expected an external sender proposal');
  const type = c.proposal.proposalType;
  if (typeof type !== 'string' || !EXTERNAL_TYPES.has(type)) return rejected('invalid', `an external sender cannot propose ${String(type)}`);
  const cs = g.member.suite.impl;
  try {
    const sender = externalSendersOf(client.groupContext.extensions)[c.sender.senderIndex];
    if (sender === undefined) return rejected('bad-signature', `sender index ${c.sender.senderIndex} is not in the group's external_senders`);
    const content = await unprotectPublicMessage(client.keySchedule.membershipKey, client.groupContext, client.ratchetTree, pm, cs, sender.signaturePublicKey);
    if (c.proposal.proposalType === 'remove' && client.ratchetTree[c.proposal.remove.removed * 2]?.nodeType !== 'leaf') {
      return rejected('invalid', `remove: leaf ${c.proposal.remove.removed} is blank`);
    }
    const next = await processProposal(client, content, c.proposal, cs.hash);
    return proposalAccepted(g, client, next);
  } catch (e) {
    return rejectionOf(e);
  }
}
