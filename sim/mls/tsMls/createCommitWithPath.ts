// ts-mls 1.6.4's createCommit, ported with two changes: the caller chooses which pending proposals go
// in by reference, and `forcePath` adds an UpdatePath when the proposals do not require one. For speed
// it uses our ports of createUpdatePath, the tree hash and the secret tree (same bytes).
// ts-mls only ever sends a path when RFC 9420 §12.4 makes it mandatory; the RFC also lets the
// committer send one with adds or PSKs alone, which refreshes its own leaf for post-compromise
// security. Everything else follows the library line for line, so keep it in step on upgrades.
import type { CiphersuiteImpl, ClientState, Extension, GroupActiveState, MLSMessage, Proposal, ProposalOrRef, PskIndex, RatchetTree, Welcome } from 'ts-mls';
import { checkCanSendHandshakeMessages, nextEpochContext } from 'ts-mls/clientState.js';
import { applyProposalsRfc, type RfcApplyProposalsResult } from './applyProposals.ts';
import { createGroupInfo, createGroupInfoWithRatchetTree } from 'ts-mls/createCommit.js';
import { createConfirmationTag, createContentCommitSignature, type FramedContentCommit, type FramedContentAuthDataCommit } from 'ts-mls/framedContent.js';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { initializeEpoch, type EpochSecrets } from 'ts-mls/keySchedule.js';
import { protect } from 'ts-mls/messageProtection.js';
import { protectPublicMessage } from 'ts-mls/messageProtectionPublic.js';
import { getCommitSecret, pathToPathSecrets } from 'ts-mls/pathSecrets.js';
import { mergePrivateKeyPaths, toPrivateKeyPath, updateLeafKey } from 'ts-mls/privateKeyPath.js';
import { isAncestor, leafToNodeIndex, leafWidth, toLeafIndex, toNodeIndex } from 'ts-mls/treemath.js';
import { filteredDirectPathAndCopathResolution } from 'ts-mls/ratchetTree.js';
import type { PathSecret } from 'ts-mls/updatePath.js';
import { createUpdatePath, type LeafContent } from './createUpdatePath.ts';
import { addHistoricalReceiverData } from './historicalReceiverData.ts';
import { createSecretTree } from './secretTree.ts';
import { treeHashRoot } from './treeHash.ts';
import { encryptGroupInfo } from 'ts-mls/welcome.js';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { groupSecretsEncoder } from 'ts-mls/groupSecrets.js';
import { concat, varLen } from './native/nativeHash.ts';
import { UsageError, ValidationError } from 'ts-mls/mlsError.js';

export interface CommitInput {
  readonly state: ClientState;
  readonly cs: CiphersuiteImpl;
  readonly pskIndex: PskIndex;
  /** Pending proposals to commit by reference, in order. */
  readonly refs: readonly Uint8Array[];
  /** Proposals to commit by value, after the references. */
  readonly values: readonly Proposal[];
  readonly forcePath: boolean;
  readonly publicMessage: boolean;
  readonly authenticatedData: Uint8Array;
  /** New capabilities and extensions for the committer's leaf in the UpdatePath (forces a path). */
  readonly leaf?: LeafContent;
  /** Leave the ratchet_tree extension out of the Welcome's GroupInfo (RFC 9420 §12.4.3.3). */
  readonly ratchetTreeOutOfBand?: boolean;
}

export interface CommitOutput {
  readonly newState: ClientState;
  readonly commit: MLSMessage;
  readonly welcome: Welcome | undefined;
}

export async function createCommitWithPath(input: CommitInput): Promise<CommitOutput> {
  const { state, cs, pskIndex, forcePath, publicMessage, authenticatedData } = input;
  checkCanSendHandshakeMessages(state);
  const wireformat = publicMessage ? 'mls_public_message' : 'mls_private_message';
  const ownLeaf = toLeafIndex(state.privatePath.leafIndex);
  const allProposals: ProposalOrRef[] = [
    ...input.refs.map((reference): ProposalOrRef => ({ proposalOrRefType: 'reference', reference })),
    ...input.values.map((proposal): ProposalOrRef => ({ proposalOrRefType: 'proposal', proposal })),
  ];
  const res = await applyProposalsRfc(state, allProposals, ownLeaf, pskIndex, true, cs);
  if (res.additionalResult.kind === 'externalCommit') throw new UsageError('Cannot create externalCommit as a member');
  const suspendedPendingReinit = res.additionalResult.kind === 'reinit' ? res.additionalResult.reinit : undefined;
  // New members get their path secret in the Welcome; leaving them out keeps the ciphertext order
  // the one receivers expect (RFC 9420 §12.4.1: the resolution excludes just-added leaves).
  const excludeNodes =
    res.additionalResult.kind === 'memberCommit' ? res.additionalResult.addedLeafNodes.map(([leaf]) => leafToNodeIndex(leaf)) : [];
  // A ReInit commit carries nothing else, so it never takes a forced path.
  // GroupContextExtensions requires a path (RFC 9420 §17.4); ts-mls's needsUpdatePath leaves it out.
  const withPath = res.needsUpdatePath || res.gce !== undefined || ((forcePath || input.leaf !== undefined) && res.additionalResult.kind === 'memberCommit');
  const updatedExtensions = res.gce ?? state.groupContext.extensions;
  const groupContextWithExtensions = { ...state.groupContext, extensions: updatedExtensions };
  // The path is encrypted under the provisional GroupContext, new extensions included (RFC 9420 §12.4.1).
  const [tree, updatePath, pathSecrets, newPrivateKey] = withPath
    ? await createUpdatePath(res.tree, ownLeaf, groupContextWithExtensions, state.signaturePrivateKey, cs, excludeNodes, input.leaf)
    : [res.tree, undefined, [] as PathSecret[], undefined];

  const privateKeys = mergePrivateKeyPaths(
    newPrivateKey !== undefined ? updateLeafKey(state.privatePath, await cs.hpke.exportPrivateKey(newPrivateKey)) : state.privatePath,
    await toPrivateKeyPath(pathToPathSecrets(pathSecrets), state.privatePath.leafIndex, cs),
  );
  const lastPathSecret = pathSecrets.at(-1);
  const commitSecret =
    lastPathSecret === undefined
      ? new Uint8Array(cs.kdf.size)
      : await getCommitSecret(tree, toNodeIndex(lastPathSecret.nodeIndex), lastPathSecret.secret, cs.kdf);
  const { signature, framedContent } = await createContentCommitSignature(
    state.groupContext,
    wireformat,
    { proposals: allProposals, path: updatePath },
    { senderType: 'member', leafIndex: state.privatePath.leafIndex },
    authenticatedData,
    state.signaturePrivateKey,
    cs.signature,
  );
  const treeHash = await treeHashRoot(tree, cs.hash);
  const updatedGroupContext = await nextEpochContext(
    groupContextWithExtensions,
    wireformat,
    framedContent,
    signature,
    treeHash,
    state.confirmationTag,
    cs.hash,
  );
  const epochSecrets = await initializeEpoch(state.keySchedule.initSecret, commitSecret, updatedGroupContext, res.pskSecret, cs.kdf);
  const confirmationTag = await createConfirmationTag(
    epochSecrets.keySchedule.confirmationKey,
    updatedGroupContext.confirmedTranscriptHash,
    cs.hash,
  );
  const authData: FramedContentAuthDataCommit = { contentType: framedContent.contentType, signature, confirmationTag };
  const commit = await protectCommit(publicMessage, state, authenticatedData, framedContent, authData, cs);
  const welcome = await createWelcome(updatedGroupContext, confirmationTag, state, tree, cs, epochSecrets, res, pathSecrets, [], input.ratchetTreeOutOfBand === true);
  const groupActiveState: GroupActiveState = res.selfRemoved
    ? { kind: 'removedFromGroup' }
    : suspendedPendingReinit !== undefined
      ? { kind: 'suspendedPendingReinit', reinit: suspendedPendingReinit }
      : { kind: 'active' };
  const historicalReceiverData = addHistoricalReceiverData(state);
  const newState: ClientState = {
    groupContext: updatedGroupContext,
    ratchetTree: tree,
    secretTree: await createSecretTree(leafWidth(tree.length), epochSecrets.encryptionSecret, cs),
    keySchedule: epochSecrets.keySchedule,
    privatePath: privateKeys,
    unappliedProposals: {},
    historicalReceiverData,
    confirmationTag,
    signaturePrivateKey: state.signaturePrivateKey,
    groupActiveState,
    clientConfig: state.clientConfig,
  };
  return { newState, commit, welcome };
}

async function protectCommit(
  publicMessage: boolean,
  state: ClientState,
  authenticatedData: Uint8Array,
  content: FramedContentCommit,
  auth: FramedContentAuthDataCommit,
  cs: CiphersuiteImpl,
): Promise<MLSMessage> {
  if (publicMessage) {
    const wireformat = 'mls_public_message';
    const msg = await protectPublicMessage(state.keySchedule.membershipKey, state.groupContext, { wireformat, content, auth }, cs);
    return { version: 'mls10', wireformat, publicMessage: msg };
  }
  const res = await protect(
    state.keySchedule.senderDataSecret,
    authenticatedData,
    state.groupContext,
    state.secretTree,
    { ...content, auth },
    state.privatePath.leafIndex,
    state.clientConfig.paddingConfig,
    cs,
  );
  return { version: 'mls10', wireformat: 'mls_private_message', privateMessage: res.privateMessage };
}

// The Welcome carries the ratchet tree (RFC 9420 §12.4.3.3) unless the caller delivers it out of band.
async function createWelcome(
  groupContext: ClientState['groupContext'],
  confirmationTag: Uint8Array,
  state: ClientState,
  tree: RatchetTree,
  cs: CiphersuiteImpl,
  epochSecrets: EpochSecrets,
  res: RfcApplyProposalsResult,
  pathSecrets: PathSecret[],
  extensions: Extension[],
  treeOutOfBand: boolean,
): Promise<Welcome | undefined> {
  if (res.additionalResult.kind !== 'memberCommit' || res.additionalResult.addedLeafNodes.length === 0) return undefined;
  const groupInfo = treeOutOfBand
    ? await createGroupInfo(groupContext, confirmationTag, state, extensions, cs)
    : await createGroupInfoWithRatchetTree(groupContext, confirmationTag, state, tree, extensions, cs);
  const encryptedGroupInfo = await encryptGroupInfo(groupInfo, epochSecrets.welcomeSecret, cs);
  const ownLeaf = toLeafIndex(state.privatePath.leafIndex);
  // EncryptWithLabel(init_key, "Welcome", encrypted_group_info, group_secrets) for each joiner (RFC 9420
  // §12.4.3.1). ts-mls encodes the EncryptContext, the whole encrypted GroupInfo, again per joiner.
  const welcomeContext = concat(varLen(new TextEncoder().encode('MLS 1.0 Welcome')), varLen(encryptedGroupInfo));
  const empty = new Uint8Array(0);
  // ts-mls's firstCommonAncestor, with the committer's filtered direct path computed once for all
  // joiners instead of once per joiner (each a resolution of the whole tree).
  const fdp = filteredDirectPathAndCopathResolution(ownLeaf, tree);
  const firstCommonAncestor = (leaf: number) => {
    const found = fdp.find(({ nodeIndex }) => isAncestor(leafToNodeIndex(toLeafIndex(leaf)), nodeIndex, tree.length));
    if (found === undefined) throw new ValidationError('Could not find common ancestor');
    return found.nodeIndex;
  };
  const secrets = await Promise.all(
    res.additionalResult.addedLeafNodes.map(async ([leaf, keyPackage]) => {
      const nodeIndex = firstCommonAncestor(leaf);
      const pathSecret = pathSecrets.find((ps) => ps.nodeIndex === nodeIndex);
      const pk = await cs.hpke.importPublicKey(keyPackage.initKey);
      const groupSecrets = encode(groupSecretsEncoder)({ joinerSecret: epochSecrets.joinerSecret, pathSecret: pathSecret?.secret, psks: res.pskIds });
      const egs = await cs.hpke.seal(pk, groupSecrets, welcomeContext, empty);
      const newMember = await makeKeyPackageRef(keyPackage, cs.hash);
      return { newMember, encryptedGroupSecrets: { kemOutput: egs.enc, ciphertext: egs.ct } };
    }),
  );
  return { cipherSuite: groupContext.cipherSuite, secrets, encryptedGroupInfo };
}
