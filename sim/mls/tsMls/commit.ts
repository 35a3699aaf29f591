// Commits (RFC 9420 §12.4): staged, never applied here. The returned state is the next epoch as the
// committer will see it once the delivery service accepts the commit.
import type { ClientState, Proposal } from 'ts-mls';
import { makePskIndex } from 'ts-mls';
import { base64ToBytes, bytesToBase64 } from 'ts-mls/util/byteArray.js';
import type { CommitOptions, CommitResult, Rejected } from '../engine.ts';
import { createCommitWithPath } from './createCommitWithPath.ts';
import { groupInfoWithExternalPub } from './externalPub.ts';
import { bytesEqual } from './bytes.ts';
import { withGroup, type TsGroup, type TsMember } from './handles.ts';
import { decodeKeyPackageMessage } from './keyPackageMessage.ts';
import { rosterChange } from './members.ts';
import { pskProposal } from './proposals.ts';
import { rejected, rejectionOf } from './rejection.ts';
import { seededOp } from './seededImpl.ts';
import { encodeMessage } from './wire.ts';

export async function commit(g: TsGroup, options: Omit<CommitOptions, 'revisedMember'> & { revisedMember?: TsMember } = {}): Promise<CommitResult> {
  const revised = options.revisedMember;
  if (revised !== undefined && (revised.identity !== g.member.identity || !bytesEqual(revised.signPublicKey, g.member.signPublicKey))) {
    throw new TypeError('revisedMember: not a revision of the member this state belongs to');
  }
  const { cs } = seededOp(g.member);
  const client = g.client;
  if (client.groupActiveState.kind !== 'active') return rejected('not-member', 'commit: not an active member');
  const values: Proposal[] = [];
  for (const [i, bytes] of (options.adds ?? []).entries()) {
    const kp = decodeKeyPackageMessage(bytes, client.groupContext.cipherSuite);
    if (kp.kind === 'rejected') return { ...kp, detail: `adds[${i}]: ${kp.detail}` };
    values.push({ proposalType: 'add', add: { keyPackage: kp.keyPackage } });
  }
  for (const leaf of options.removes ?? []) {
    if (client.ratchetTree[leaf * 2]?.nodeType !== 'leaf') return rejected('invalid', `removes: leaf ${leaf} is blank`);
    values.push({ proposalType: 'remove', remove: { removed: leaf } });
  }
  for (const id of options.psks ?? []) {
    const p = pskProposal(g, id, cs);
    if (p.kind === 'rejected') return p;
    values.push(p.proposal);
  }
  const refs = pendingRefs(client, options.pending ?? 'all');
  if (!Array.isArray(refs)) return refs as Rejected;
  try {
    const out = await createCommitWithPath({
      state: client,
      cs,
      pskIndex: makePskIndex(client, { ...g.psks }),
      refs,
      values,
      forcePath: options.forcePath === true,
      publicMessage: options.publicMessage === true,
      authenticatedData: options.authenticatedData ?? new Uint8Array(0),
      ...(revised !== undefined && { leaf: { capabilities: revised.capabilities, extensions: revised.leafExtensions } }),
    });
    const next = out.newState;
    const groupInfo =
      options.groupInfo === true && next.groupActiveState.kind === 'active'
        ? encodeMessage({
            version: 'mls10',
            wireformat: 'mls_group_info',
            groupInfo: await groupInfoWithExternalPub(next, cs),
          })
        : undefined;
    const change = rosterChange(client.ratchetTree, next.ratchetTree);
    return {
      kind: 'ok',
      state: withGroup(g, { client: next, pendingUpdates: [], ...(revised !== undefined && { member: revised }) }),
      commit: encodeMessage(out.commit),
      ...(out.welcome === undefined ? {} : { welcome: encodeMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: out.welcome }) }),
      ...(groupInfo === undefined ? {} : { groupInfo }),
      epoch: next.groupContext.epoch,
      addedMembers: change.added,
      removedMembers: change.removed,
    };
  } catch (e) {
    return rejectionOf(e);
  }
}

// RFC 9420 §12.4: the committer leaves out its own Updates (the path replaces them) and any Remove of
// itself, which it cannot commit.
function pendingRefs(client: ClientState, pending: 'all' | readonly Uint8Array[]): Uint8Array[] | Rejected {
  const own = client.privatePath.leafIndex;
  if (pending === 'all') {
    return Object.entries(client.unappliedProposals)
      .filter(([, p]) => {
        if (p.proposal.proposalType === 'update') return p.senderLeafIndex !== own;
        if (p.proposal.proposalType === 'remove') return p.proposal.remove.removed !== own;
        return true;
      })
      .map(([k]) => base64ToBytes(k));
  }
  for (const ref of pending) {
    if (!(ref instanceof Uint8Array)) throw new TypeError('pending: expected proposal references as bytes');
    if (client.unappliedProposals[bytesToBase64(ref)] === undefined) return rejected('invalid', 'pending: unknown proposal reference');
  }
  return pending.map((r) => r.slice());
}
