// The external commit (RFC 9420 §12.4.3.2), ported from ts-mls 1.6.4's joinGroupExternal so the tree
// goes through our corrected validateRatchetTree.ts and external_pub is read with its length prefix
// (externalPub.ts), with what that function leaves out: resync (the joiner removes its own prior leaf
// in the same commit), PreSharedKey proposals, and a ratchet tree delivered out of band.
import type { ClientConfig, ClientState, CiphersuiteImpl, GroupInfo, KeyPackage, PrivateKeyPackage, Proposal, PublicMessage, RatchetTree } from 'ts-mls';
import { makePskIndex } from 'ts-mls';
import { nextEpochContext } from 'ts-mls/clientState.js';
import { extensionsSupportedByCapabilities } from 'ts-mls/extension.js';
import { createConfirmationTag, createContentCommitSignature } from 'ts-mls/framedContent.js';
import { verifyGroupInfoSignature } from 'ts-mls/groupInfo.js';
import { initializeEpoch } from 'ts-mls/keySchedule.js';
import { protectPublicMessage } from 'ts-mls/messageProtectionPublic.js';
import { CodecError, CryptoVerificationError, UsageError, ValidationError } from 'ts-mls/mlsError.js';
import { getCommitSecret, pathToPathSecrets } from 'ts-mls/pathSecrets.js';
import { toPrivateKeyPath, updateLeafKey } from 'ts-mls/privateKeyPath.js';
import { accumulatePskSecret } from 'ts-mls/pskIndex.js';
import { addLeafNode, getCredentialFromLeafIndex, getSignaturePublicKeyFromLeafIndex, removeLeafNode } from 'ts-mls/ratchetTree.js';
import { leafWidth, nodeToLeafIndex, toLeafIndex, toNodeIndex } from 'ts-mls/treemath.js';
import { bytesToBase64 } from 'ts-mls/util/byteArray.js';
import { exportSecret } from 'ts-mls/clientState.js';
import type { ExternalPsk } from '../engine.ts';
import { createUpdatePath } from './createUpdatePath.ts';
import { ownedGroupContext } from './ownedBytes.ts';
import { createSecretTree } from './secretTree.ts';
import { treeHashRoot } from './treeHash.ts';
import { validateRatchetTree } from './validateRatchetTree.ts';
import { externalPubOf } from './externalPub.ts';

export interface ExternalCommitInput {
  readonly groupInfo: GroupInfo;
  /** The group's tree: from the GroupInfo's extension or delivered out of band. */
  readonly tree: RatchetTree;
  readonly keyPackage: KeyPackage;
  readonly privateKeys: PrivateKeyPackage;
  readonly cs: CiphersuiteImpl;
  readonly clientConfig: ClientConfig;
  readonly authenticatedData: Uint8Array;
  /** The joiner's prior leaf, removed in the same commit (resync). */
  readonly removePrior?: number;
  readonly psks: readonly ExternalPsk[];
}

export async function externalCommit(input: ExternalCommitInput): Promise<{ publicMessage: PublicMessage; newState: ClientState }> {
  const { groupInfo, tree: ratchetTree, keyPackage, privateKeys, cs, clientConfig } = input;
  if (!extensionsSupportedByCapabilities(groupInfo.groupContext.extensions, keyPackage.leafNode.capabilities)) {
    throw new UsageError('client does not support every extension in the GroupContext');
  }
  const treeError = await validateRatchetTree(ratchetTree, groupInfo.groupContext, clientConfig, cs);
  if (treeError !== undefined) throw treeError;
  const signer = toLeafIndex(groupInfo.signer);
  const signaturePublicKey = getSignaturePublicKeyFromLeafIndex(ratchetTree, signer);
  if (!(await clientConfig.authService.validateCredential(getCredentialFromLeafIndex(ratchetTree, signer), signaturePublicKey))) {
    throw new ValidationError('Could not validate credential');
  }
  if (!(await verifyGroupInfoSignature(groupInfo, signaturePublicKey, cs.signature))) {
    throw new CryptoVerificationError('Could not verify groupInfo Signature');
  }
  const { enc, secret: initSecret } = await exportSecret(externalPubOf(groupInfo), cs);
  const proposals: Proposal[] = [{ proposalType: 'external_init', externalInit: { kemOutput: enc } }];
  let base = ratchetTree;
  if (input.removePrior !== undefined) {
    proposals.push({ proposalType: 'remove', remove: { removed: input.removePrior } });
    base = removeLeafNode(base, toLeafIndex(input.removePrior));
  }
  const psks: Record<string, Uint8Array> = {};
  for (const p of input.psks) {
    psks[bytesToBase64(p.id)] = p.secret;
    proposals.push({ proposalType: 'psk', psk: { preSharedKeyId: { psktype: 'external', pskId: p.id.slice(), pskNonce: cs.rng.randomBytes(cs.kdf.size) } } });
  }
  const pskIds = proposals.flatMap((p) => (p.proposalType === 'psk' ? [p.psk.preSharedKeyId] : []));
  const [pskSecret] = await accumulatePskSecret(pskIds, makePskIndex(undefined, psks), cs, new Uint8Array(cs.kdf.size));

  const [treeWithNewLeaf, newLeafNode] = addLeafNode(base, keyPackage.leafNode);
  const newLeaf = nodeToLeafIndex(newLeafNode);
  const [newTree, updatePath, pathSecrets, newPrivateKey] = await createUpdatePath(treeWithNewLeaf, newLeaf, groupInfo.groupContext, privateKeys.signaturePrivateKey, cs);
  const privatePath = updateLeafKey(await toPrivateKeyPath(pathToPathSecrets(pathSecrets), newLeaf, cs), await cs.hpke.exportPrivateKey(newPrivateKey));
  const lastPathSecret = pathSecrets.at(-1);
  const commitSecret =
    lastPathSecret === undefined ? new Uint8Array(cs.kdf.size) : await getCommitSecret(newTree, toNodeIndex(lastPathSecret.nodeIndex), lastPathSecret.secret, cs.kdf);
  const { signature, framedContent } = await createContentCommitSignature(
    groupInfo.groupContext,
    'mls_public_message',
    { proposals: proposals.map((proposal) => ({ proposalOrRefType: 'proposal' as const, proposal })), path: updatePath },
    { senderType: 'new_member_commit' },
    input.authenticatedData,
    privateKeys.signaturePrivateKey,
    cs.signature,
  );
  const groupContext = await nextEpochContext(
    groupInfo.groupContext,
    'mls_public_message',
    framedContent,
    signature,
    await treeHashRoot(newTree, cs.hash),
    groupInfo.confirmationTag,
    cs.hash,
  );
  const epochSecrets = await initializeEpoch(initSecret, commitSecret, groupContext, pskSecret, cs.kdf);
  const confirmationTag = await createConfirmationTag(epochSecrets.keySchedule.confirmationKey, groupContext.confirmedTranscriptHash, cs.hash);
  const newState: ClientState = {
    ratchetTree: newTree,
    groupContext: ownedGroupContext(groupContext),
    secretTree: await createSecretTree(leafWidth(newTree.length), epochSecrets.encryptionSecret, cs),
    privatePath,
    confirmationTag,
    historicalReceiverData: new Map(),
    signaturePrivateKey: privateKeys.signaturePrivateKey,
    keySchedule: epochSecrets.keySchedule,
    unappliedProposals: {},
    groupActiveState: { kind: 'active' },
    clientConfig,
  };
  const publicMessage = await protectPublicMessage(
    epochSecrets.keySchedule.membershipKey,
    groupContext,
    { content: framedContent, auth: { signature, confirmationTag, contentType: 'commit' }, wireformat: 'mls_public_message' },
    cs,
  );
  return { publicMessage, newState };
}
