// Add, Remove, Update and PreSharedKey proposals (RFC 9420 §12.1), sent as their own handshake
// messages and remembered as pending until a commit covers them.
import type { CiphersuiteImpl, ClientState, Proposal } from 'ts-mls';
import { createProposal } from 'ts-mls';
import { bytesToBase64, base64ToBytes } from 'ts-mls/util/byteArray.js';
import type { HandshakeOptions, HandshakeResult, LeafIndex, ProposalResult } from '../engine.ts';
import { withGroup, type PendingUpdate, type TsGroup } from './handles.ts';
import { EngineBug } from './engineBug.ts';
import { decodeKeyPackageMessage } from './keyPackageMessage.ts';
import { rejected, rejectionOf } from './rejection.ts';
import { seededOp } from './seededImpl.ts';
import { updateLeaf } from './updateLeaf.ts';
import { encodeMessage } from './wire.ts';

export async function proposeAdd(g: TsGroup, keyPackage: Uint8Array, options: HandshakeOptions = {}): Promise<ProposalResult> {
  const { cs } = seededOp(g.member);
  const kp = decodeKeyPackageMessage(keyPackage, g.client.groupContext.cipherSuite);
  if (kp.kind === 'rejected') return kp;
  return send(g, cs, { proposalType: 'add', add: { keyPackage: kp.keyPackage } }, options);
}

export async function proposeRemove(g: TsGroup, leaf: LeafIndex, options: HandshakeOptions = {}): Promise<ProposalResult> {
  const { cs } = seededOp(g.member);
  if (g.client.ratchetTree[leaf * 2]?.nodeType !== 'leaf') return rejected('invalid', `remove: leaf ${leaf} is blank`);
  return send(g, cs, { proposalType: 'remove', remove: { removed: leaf } }, options);
}

export async function proposeUpdate(g: TsGroup, options: HandshakeOptions = {}): Promise<ProposalResult> {
  const { cs } = seededOp(g.member);
  if (g.client.groupActiveState.kind !== 'active') return rejected('not-member', 'update: not an active member');
  const { leaf, pending } = await updateLeaf(g.client, cs);
  return send(g, cs, { proposalType: 'update', update: { leafNode: leaf } }, options, pending);
}

export async function proposePsk(g: TsGroup, pskId: Uint8Array, options: HandshakeOptions = {}): Promise<ProposalResult> {
  const { cs } = seededOp(g.member);
  const proposal = pskProposal(g, pskId, cs);
  if (proposal.kind === 'rejected') return proposal;
  return send(g, cs, proposal.proposal, options);
}

/** RFC 9420 §8.4: a fresh psk_nonce of KDF.Nh bytes for every use of the PSK. */
export function pskProposal(g: TsGroup, pskId: Uint8Array, cs: CiphersuiteImpl): { kind: 'ok'; proposal: Proposal } | ReturnType<typeof rejected> {
  if (!(pskId instanceof Uint8Array)) throw new TypeError('pskId: expected bytes');
  if (g.psks[bytesToBase64(pskId)] === undefined) return rejected('invalid', 'psk: id not installed in this state');
  const pskNonce = cs.rng.randomBytes(cs.kdf.size);
  return {
    kind: 'ok',
    proposal: { proposalType: 'psk', psk: { preSharedKeyId: { psktype: 'external', pskId: pskId.slice(), pskNonce } } },
  };
}

export async function send(
  g: TsGroup,
  cs: CiphersuiteImpl,
  proposal: Proposal,
  options: HandshakeOptions,
  pending?: PendingUpdate,
): Promise<ProposalResult> {
  if (g.client.groupActiveState.kind !== 'active') return rejected('not-member', 'propose: not an active member');
  try {
    const res = await createProposal(g.client, options.publicMessage === true, proposal, cs, options.authenticatedData);
    const ref = newKey(g.client.unappliedProposals, res.newState.unappliedProposals);
    if (ref === undefined) throw new EngineBug('createProposal recorded no proposal reference');
    return {
      kind: 'ok',
      state: withGroup(g, {
        client: res.newState,
        pendingUpdates: pending === undefined ? g.pendingUpdates : [...g.pendingUpdates, pending],
      }),
      proposal: encodeMessage(res.message),
      ref,
    };
  } catch (e) {
    return rejectionOf(e);
  }
}

/** The proposal reference a state change added, as bytes (ts-mls keys them by base64). */
export function newKey(before: Record<string, unknown>, after: Record<string, unknown>): Uint8Array | undefined {
  for (const k of Object.keys(after)) if (!(k in before)) return base64ToBytes(k);
  return undefined;
}

/** A received proposal (from a member or an external sender) is now pending: its reference, or `replay` if it already was. */
export function proposalAccepted(g: TsGroup, before: ClientState, next: ClientState): HandshakeResult {
  const proposalRef = newKey(before.unappliedProposals, next.unappliedProposals);
  if (proposalRef === undefined) return rejected('replay', 'proposal already pending');
  return {
    kind: 'accepted',
    content: 'proposal',
    state: withGroup(g, { client: next }),
    epoch: next.groupContext.epoch,
    addedMembers: [],
    removedMembers: [],
    removedSelf: false,
    proposalRef,
  };
}
