// Receiving a commit: ts-mls 1.6.4's processCommit (RFC 9420 §12.4.2) with applyTreeUpdate,
// updatePrivateKeyPath and applyUpdatePath, ported so a receiver uses the remembering tree and parent
// hashes and the on-demand secret tree (treeHash.ts, parentHash.ts, secretTree.ts) instead of re-hashing
// the whole tree several times and deriving every secret-tree node. Same checks, same resulting state.
import type { AuthenticatedContent } from 'ts-mls/authenticatedContent.js';
import type { WireformatName } from 'ts-mls/wireformat.js';
import type {
  CiphersuiteImpl,
  ClientState,
  GroupActiveState,
  GroupContext,
  IncomingMessageCallback,
  PskIndex,
  RatchetTree,
  UpdatePath,
} from 'ts-mls';
import { nextEpochContext, throwIfDefined, validateLeafNodeUpdateOrCommit } from 'ts-mls/clientState.js';
import { keyUniquenessError } from './keyUniqueness.ts';
import { applyUpdatePathSecret } from 'ts-mls/createCommit.js';
import { deriveSecret } from 'ts-mls/crypto/kdf.js';
import { verifyConfirmationTag } from 'ts-mls/framedContent.js';
import { initializeEpoch } from 'ts-mls/keySchedule.js';
import { CryptoVerificationError, ValidationError } from 'ts-mls/mlsError.js';
import { pathToRoot } from 'ts-mls/pathSecrets.js';
import { mergePrivateKeyPaths, toPrivateKeyPath, type PrivateKeyPath } from 'ts-mls/privateKeyPath.js';
import { addLeafNode, filteredDirectPath, findBlankLeafNodeIndex } from 'ts-mls/ratchetTree.js';
import { directPath, leafToNodeIndex, leafWidth, nodeToLeafIndex, root, toLeafIndex, toNodeIndex, type LeafIndex, type NodeIndex } from 'ts-mls/treemath.js';
import { constantTimeEqual } from 'ts-mls/util/constantTimeCompare.js';
import { applyProposalsRfc } from './applyProposals.ts';
import { calculateParentHash } from './parentHash.ts';
import { identityOf } from './members.ts';
import { addHistoricalReceiverData } from './historicalReceiverData.ts';
import { createSecretTree } from './secretTree.ts';
import { treeHashRoot } from './treeHash.ts';

export async function processCommit(
  state: ClientState,
  content: AuthenticatedContent,
  wireformat: WireformatName,
  pskSearch: PskIndex,
  callback: IncomingMessageCallback,
  cs: CiphersuiteImpl,
): Promise<ClientState> {
  const c = content.content;
  if (c.contentType !== 'commit') throw new ValidationError('Expected a commit');
  if (c.epoch !== state.groupContext.epoch) throw new ValidationError('Could not validate epoch');
  const senderLeafIndex = c.sender.senderType === 'member' ? toLeafIndex(c.sender.leafIndex) : undefined;
  const result = await applyProposalsRfc(state, c.commit.proposals, senderLeafIndex, pskSearch, false, cs);
  if (callback({ kind: 'commit', senderLeafIndex, proposals: result.allProposals }) === 'reject') return state;
  const path = c.commit.path;
  if (path !== undefined) {
    const committer = senderLeafIndex ?? (result.additionalResult.kind === 'externalCommit' ? result.additionalResult.newMemberLeafIndex : undefined);
    if (committer === undefined) throw new ValidationError('Cannot verify commit leaf node because no commiter leaf index found');
    throwIfDefined(await validateLeafNodeUpdateOrCommit(path.leafNode, committer, state.groupContext, state.clientConfig.authService, cs.signature));
    throwIfDefined(keyUniquenessError(result.tree, path.leafNode, committer));
  }
  if (result.needsUpdatePath && path === undefined) throw new ValidationError('Update path is required');
  // RFC 9420 §17.4: GroupContextExtensions requires a path too (ts-mls does not ask for one).
  if (result.gce !== undefined && path === undefined) throw new ValidationError('Update path is required with GroupContextExtensions');
  // RFC 9420 §12.2: an external commit's Remove may only remove an old leaf of the joiner (resync).
  if (result.additionalResult.kind === 'externalCommit' && path !== undefined) {
    for (const p of result.allProposals) {
      if (p.proposal.proposalType !== 'remove') continue;
      const old = state.ratchetTree[p.proposal.remove.removed * 2];
      if (old?.nodeType !== 'leaf' || identityOf(old.leaf.credential) !== identityOf(path.leafNode.credential)) {
        throw new ValidationError('External commit removes a member other than the joiner');
      }
    }
  }
  // A member this commit removes cannot decrypt the path (its leaf is gone from every resolution).
  // ts-mls's selfRemoved only sees a blank own leaf; an Add in the same commit may refill it (RFC 9420
  // §12.3: Adds go into the leftmost blank leaf, which the Remove just made).
  const ownLeaf = state.privatePath.leafIndex;
  const removesMe = result.allProposals.some((p) => p.proposal.proposalType === 'remove' && p.proposal.remove.removed === ownLeaf);
  if (result.selfRemoved || removesMe) return { ...state, ratchetTree: result.tree, unappliedProposals: {}, groupActiveState: { kind: 'removedFromGroup' } };
  const groupContext = result.gce !== undefined ? { ...state.groupContext, extensions: result.gce } : state.groupContext;
  const excludeNodes =
    result.additionalResult.kind === 'memberCommit'
      ? result.additionalResult.addedLeafNodes.map((l) => leafToNodeIndex(toLeafIndex(l[0])))
      : [findBlankLeafNodeIndex(result.tree) ?? toNodeIndex(result.tree.length + 1)];
  const [privatePath, commitSecret, tree] = await applyTreeUpdate(path, c.sender, result.tree, cs, state, groupContext, excludeNodes);
  if (content.auth.contentType !== 'commit') throw new ValidationError('Received content as commit, but not auth');
  const updatedGroupContext = await nextEpochContext(groupContext, wireformat, c, content.auth.signature, await treeHashRoot(tree, cs.hash), state.confirmationTag, cs.hash);
  const initSecret = result.additionalResult.kind === 'externalCommit' ? result.additionalResult.externalInitSecret : state.keySchedule.initSecret;
  const epochSecrets = await initializeEpoch(initSecret, commitSecret, updatedGroupContext, result.pskSecret, cs.kdf);
  if (!(await verifyConfirmationTag(epochSecrets.keySchedule.confirmationKey, content.auth.confirmationTag, updatedGroupContext.confirmedTranscriptHash, cs.hash))) {
    throw new CryptoVerificationError('Could not verify confirmation tag');
  }
  const groupActiveState: GroupActiveState =
    result.additionalResult.kind === 'reinit' ? { kind: 'suspendedPendingReinit', reinit: result.additionalResult.reinit } : { kind: 'active' };
  const historicalReceiverData = addHistoricalReceiverData(state);
  return {
    ...state,
    secretTree: await createSecretTree(leafWidth(tree.length), epochSecrets.encryptionSecret, cs),
    ratchetTree: tree,
    privatePath,
    groupContext: updatedGroupContext,
    keySchedule: epochSecrets.keySchedule,
    confirmationTag: content.auth.confirmationTag,
    historicalReceiverData,
    unappliedProposals: {},
    groupActiveState,
  };
}

async function applyTreeUpdate(
  path: UpdatePath | undefined,
  sender: AuthenticatedContent['content']['sender'],
  tree: RatchetTree,
  cs: CiphersuiteImpl,
  state: ClientState,
  groupContext: GroupContext,
  excludeNodes: NodeIndex[],
): Promise<[PrivateKeyPath, Uint8Array, RatchetTree]> {
  if (path === undefined) return [state.privatePath, new Uint8Array(cs.kdf.size), tree];
  let senderLeaf: LeafIndex;
  let updated: RatchetTree;
  if (sender.senderType === 'member') {
    senderLeaf = toLeafIndex(sender.leafIndex);
    updated = await applyUpdatePath(tree, senderLeaf, path, cs, false);
  } else {
    const [withLeaf, leafNode] = addLeafNode(tree, path.leafNode);
    senderLeaf = nodeToLeafIndex(leafNode);
    updated = await applyUpdatePath(withLeaf, senderLeaf, path, cs, true);
  }
  const gc = { ...groupContext, treeHash: await treeHashRoot(updated, cs.hash), epoch: groupContext.epoch + 1n };
  const secret = await applyUpdatePathSecret(updated, state.privatePath, senderLeaf, gc, path, excludeNodes, cs);
  const pathSecrets = await pathToRoot(updated, toNodeIndex(secret.nodeIndex), secret.pathSecret, cs.kdf);
  const privatePath = mergePrivateKeyPaths(state.privatePath, await toPrivateKeyPath(pathSecrets, state.privatePath.leafIndex, cs));
  const rootSecret = pathSecrets[root(leafWidth(updated.length))];
  if (rootSecret === undefined) throw new Error('commit: no path secret for the root');
  return [privatePath, await deriveSecret(rootSecret, 'path', cs.kdf), updated];
}

// ts-mls's applyUpdatePath (RFC 9420 §12.4.2 "merge the UpdatePath into the tree"), with our parent hash.
export async function applyUpdatePath(tree: RatchetTree, senderLeaf: LeafIndex, path: UpdatePath, cs: CiphersuiteImpl, isExternal: boolean): Promise<RatchetTree> {
  const leafNodeIndex = leafToNodeIndex(senderLeaf);
  if (!isExternal) {
    const current = tree[leafNodeIndex];
    if (current === undefined || current.nodeType === 'parent') throw new Error('commit: committer leaf is blank');
    if (constantTimeEqual(current.leaf.hpkePublicKey, path.leafNode.hpkePublicKey)) {
      throw new ValidationError("Public key in the LeafNode is the same as the committer's current leaf node");
    }
  }
  const existing = new Set(tree.flatMap((n) => (n?.nodeType === 'parent' ? [Buffer.from(n.parent.hpkePublicKey).toString('base64')] : [])));
  if (path.nodes.some((n) => existing.has(Buffer.from(n.hpkePublicKey).toString('base64')))) {
    throw new ValidationError('Public keys in the UpdatePath may not appear in a node of the new ratchet tree');
  }
  const copy = tree.slice();
  copy[leafNodeIndex] = { nodeType: 'leaf', leaf: path.leafNode };
  const reverseFiltered = filteredDirectPath(senderLeaf, tree).reverse();
  for (const n of directPath(leafNodeIndex, leafWidth(copy.length))) copy[n] = undefined;
  const reversePath = path.nodes.slice().reverse();
  if (reversePath.length !== reverseFiltered.length) throw new ValidationError('Invalid length of UpdatePath');
  for (const [level, nodeIndex] of reverseFiltered.entries()) {
    const [parentHash] = await calculateParentHash(copy, nodeIndex, cs.hash);
    copy[nodeIndex] = { nodeType: 'parent', parent: { hpkePublicKey: reversePath[level]!.hpkePublicKey, unmergedLeaves: [], parentHash } };
  }
  const [leafParentHash] = await calculateParentHash(copy, leafNodeIndex, cs.hash);
  if (!constantTimeEqual(leafParentHash, path.leafNode.parentHash ?? new Uint8Array())) throw new ValidationError('Parent hash did not match the UpdatePath');
  return copy;
}
