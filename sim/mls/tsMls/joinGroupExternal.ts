// ts-mls 1.6.4's joinGroupExternal (RFC 9420 §12.4.3.2), ported so the GroupInfo's ratchet tree goes
// through our corrected validateRatchetTree.ts (see there). Resync (removing a former self) is left
// out: the engine never asks for it. Otherwise line for line; keep it in step on upgrades.
import type { ClientConfig, ClientState, CiphersuiteImpl, GroupInfo, KeyPackage, PrivateKeyPackage, Proposal, PublicMessage } from 'ts-mls';
import { exportSecret, nextEpochContext } from 'ts-mls/clientState.js';
import { extensionsSupportedByCapabilities } from 'ts-mls/extension.js';
import { createConfirmationTag, createContentCommitSignature } from 'ts-mls/framedContent.js';
import { ratchetTreeFromExtension, verifyGroupInfoSignature } from 'ts-mls/groupInfo.js';
import { initializeEpoch } from 'ts-mls/keySchedule.js';
import { protectPublicMessage } from 'ts-mls/messageProtectionPublic.js';
import { CryptoVerificationError, UsageError, ValidationError } from 'ts-mls/mlsError.js';
import { getCommitSecret, pathToPathSecrets } from 'ts-mls/pathSecrets.js';
import { toPrivateKeyPath, updateLeafKey } from 'ts-mls/privateKeyPath.js';
import { addLeafNode, getCredentialFromLeafIndex, getSignaturePublicKeyFromLeafIndex } from 'ts-mls/ratchetTree.js';
import { createSecretTree } from './secretTree.ts';
import { treeHashRoot } from './treeHash.ts';
import { leafWidth, nodeToLeafIndex, toLeafIndex, toNodeIndex } from 'ts-mls/treemath.js';
import { createUpdatePath } from './createUpdatePath.ts';
import { externalPubOf } from './externalPub.ts';
import { validateRatchetTree } from './validateRatchetTree.ts';

export async function joinGroupExternal(
  groupInfo: GroupInfo,
  keyPackage: KeyPackage,
  privateKeys: PrivateKeyPackage,
  cs: CiphersuiteImpl,
  clientConfig: ClientConfig,
  authenticatedData: Uint8Array,
): Promise<{ publicMessage: PublicMessage; newState: ClientState }> {
  const externalPub = externalPubOf(groupInfo); // RFC 9420 §12.4.3.2, with its length prefix (externalPub.ts)
  if (!extensionsSupportedByCapabilities(groupInfo.groupContext.extensions, keyPackage.leafNode.capabilities)) {
    throw new UsageError('client does not support every extension in the GroupContext');
  }
  const { enc, secret: initSecret } = await exportSecret(externalPub, cs);
  const ratchetTree = ratchetTreeFromExtension(groupInfo);
  if (ratchetTree === undefined) throw new UsageError('No RatchetTree passed and no ratchet_tree extension');
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
  const [treeWithNewLeaf, newLeafNode] = addLeafNode(ratchetTree, keyPackage.leafNode);
  const newLeaf = nodeToLeafIndex(newLeafNode);
  const [newTree, updatePath, pathSecrets, newPrivateKey] = await createUpdatePath(
    treeWithNewLeaf,
    newLeaf,
    groupInfo.groupContext,
    privateKeys.signaturePrivateKey,
    cs,
  );
  const privatePath = updateLeafKey(await toPrivateKeyPath(pathToPathSecrets(pathSecrets), newLeaf, cs), await cs.hpke.exportPrivateKey(newPrivateKey));
  const lastPathSecret = pathSecrets.at(-1);
  const commitSecret =
    lastPathSecret === undefined
      ? new Uint8Array(cs.kdf.size)
      : await getCommitSecret(newTree, toNodeIndex(lastPathSecret.nodeIndex), lastPathSecret.secret, cs.kdf);
  const proposals: Proposal[] = [{ proposalType: 'external_init', externalInit: { kemOutput: enc } }];
  const { signature, framedContent } = await createContentCommitSignature(
    groupInfo.groupContext,
    'mls_public_message',
    { proposals: proposals.map((proposal) => ({ proposalOrRefType: 'proposal' as const, proposal })), path: updatePath },
    { senderType: 'new_member_commit' },
    authenticatedData,
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
  const epochSecrets = await initializeEpoch(initSecret, commitSecret, groupContext, new Uint8Array(cs.kdf.size), cs.kdf);
  const confirmationTag = await createConfirmationTag(epochSecrets.keySchedule.confirmationKey, groupContext.confirmedTranscriptHash, cs.hash);
  const newState: ClientState = {
    ratchetTree: newTree,
    groupContext,
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
