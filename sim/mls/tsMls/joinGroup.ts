// ts-mls 1.6.4's joinGroup (RFC 9420 §12.4.3.1), ported so the ratchet tree goes through our corrected
// validateRatchetTree.ts: ts-mls's own check rejects valid trees whose unmerged_leaves lists differ
// along a path (see that file). A Welcome with a resumption PSK (§8.6: ReInit, branch) needs the old
// group's state (`resumingFrom`), checked as ts-mls does; the ratchet tree may come out of band.
// Otherwise this follows the library line for line, so keep it in step on upgrades.
import type { ClientConfig, ClientState, CiphersuiteImpl, KeyPackage, PrivateKeyPackage, PskIndex, Welcome } from 'ts-mls';
import { extensionsSupportedByCapabilities } from 'ts-mls/extension.js';
import { verifyGroupInfoConfirmationTag, verifyGroupInfoSignature } from 'ts-mls/groupInfo.js';
import type { GroupInfo } from 'ts-mls/groupInfo.js';
import { decodeTreeFast } from './treeDecoder.ts';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { deriveKeySchedule } from 'ts-mls/keySchedule.js';
import { CodecError, CryptoVerificationError, UsageError, ValidationError } from 'ts-mls/mlsError.js';
import { pathToRoot } from 'ts-mls/pathSecrets.js';
import { mergePrivateKeyPaths, toPrivateKeyPath, type PrivateKeyPath } from 'ts-mls/privateKeyPath.js';
import { accumulatePskSecret } from 'ts-mls/pskIndex.js';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { leafNodeEncoder } from 'ts-mls/leafNode.js';
import type { GroupContext, LeafNode, PreSharedKeyID, RatchetTree } from 'ts-mls';
import { extensionEqual } from 'ts-mls/extension.js';
import { bytesEqual } from './bytes.ts';
import { ownedGroupContext } from './ownedBytes.ts';
import { createSecretTree } from './secretTree.ts';
import { leafToNodeIndex, leafWidth, toLeafIndex } from 'ts-mls/treemath.js';
import { firstCommonAncestor } from 'ts-mls/updatePath.js';
import { decryptGroupInfo, decryptGroupSecrets } from 'ts-mls/welcome.js';
import { validateRatchetTree } from './validateRatchetTree.ts';

export async function joinGroup(
  welcome: Welcome,
  keyPackage: KeyPackage,
  privateKeys: PrivateKeyPackage,
  pskSearch: PskIndex,
  cs: CiphersuiteImpl,
  clientConfig: ClientConfig,
  extra: { readonly ratchetTree?: RatchetTree; readonly resumingFrom?: ClientState } = {},
): Promise<ClientState> {
  const keyPackageRef = await makeKeyPackageRef(keyPackage, cs.hash);
  const privKey = await cs.hpke.importPrivateKey(privateKeys.initPrivateKey);
  const groupSecrets = await decryptGroupSecrets(privKey, keyPackageRef, welcome, cs.hpke);
  if (groupSecrets === undefined) throw new CodecError('Could not decode group secrets');
  const [pskSecret, pskIds] = await accumulatePskSecret(groupSecrets.psks, pskSearch, cs, new Uint8Array(cs.kdf.size));
  const gi = await decryptGroupInfo(welcome, groupSecrets.joinerSecret, pskSecret, cs);
  if (gi === undefined) throw new CodecError('Could not decode group info');
  checkResumption(pskIds, gi.groupContext, extra.resumingFrom);
  if (!extensionsSupportedByCapabilities(gi.groupContext.extensions, keyPackage.leafNode.capabilities)) {
    throw new UsageError('client does not support every extension in the GroupContext');
  }
  const tree = ratchetTreeFromExtension(gi) ?? extra.ratchetTree;
  if (tree === undefined) throw new UsageError('No RatchetTree passed and no ratchet_tree extension');
  const signerNode = tree[leafToNodeIndex(toLeafIndex(gi.signer))];
  if (signerNode === undefined) throw new ValidationError('Could not find signer leafNode');
  if (signerNode.nodeType === 'parent') throw new ValidationError('Expected non blank leaf node');
  if (!(await clientConfig.authService.validateCredential(signerNode.leaf.credential, signerNode.leaf.signaturePublicKey))) {
    throw new ValidationError('Could not validate credential');
  }
  if (!(await verifyGroupInfoSignature(gi, signerNode.leaf.signaturePublicKey, cs.signature))) {
    throw new CryptoVerificationError('Could not verify groupInfo signature');
  }
  if (gi.groupContext.cipherSuite !== keyPackage.cipherSuite) {
    throw new ValidationError('cipher suite in the GroupInfo does not match the cipher_suite in the KeyPackage');
  }
  const treeError = await validateRatchetTree(tree, gi.groupContext, clientConfig, cs);
  if (treeError !== undefined) throw treeError;
  const newLeaf = findLeafIndex(tree, keyPackage.leafNode);

  if (newLeaf === undefined) throw new ValidationError('Could not find own leaf when processing welcome');
  const privateKeyPath: PrivateKeyPath = { leafIndex: newLeaf, privateKeys: { [leafToNodeIndex(newLeaf)]: privateKeys.hpkePrivateKey } };
  const ancestor = firstCommonAncestor(tree, newLeaf, toLeafIndex(gi.signer));
  const privatePath =
    groupSecrets.pathSecret === undefined
      ? privateKeyPath
      : mergePrivateKeyPaths(await toPrivateKeyPath(await pathToRoot(tree, ancestor, groupSecrets.pathSecret, cs.kdf), newLeaf, cs), privateKeyPath);
  const [keySchedule, encryptionSecret] = await deriveKeySchedule(groupSecrets.joinerSecret, pskSecret, gi.groupContext, cs.kdf);
  if (!(await verifyGroupInfoConfirmationTag(gi, groupSecrets.joinerSecret, pskSecret, cs))) {
    throw new CryptoVerificationError('Could not verify confirmation tag');
  }
  return {
    groupContext: ownedGroupContext(gi.groupContext),
    ratchetTree: tree,
    privatePath,
    signaturePrivateKey: privateKeys.signaturePrivateKey,
    confirmationTag: gi.confirmationTag.slice(),
    unappliedProposals: {},
    keySchedule,
    secretTree: await createSecretTree(leafWidth(tree.length), encryptionSecret, cs),
    historicalReceiverData: new Map(),
    groupActiveState: { kind: 'active' },
    clientConfig,
  };
}

// ts-mls's ratchetTreeFromExtension, with the fast decoder (treeDecoder.ts; same tree).
function ratchetTreeFromExtension(info: GroupInfo): RatchetTree | undefined {
  const ext = info.extensions.find((e) => e.extensionType === 'ratchet_tree');
  if (ext === undefined) return undefined;
  const tree = decodeTreeFast(ext.extensionData, 0);
  if (tree === undefined) throw new CodecError('Could not decode RatchetTree');
  return tree[0];
}

// ts-mls's findLeafIndex encodes every leaf of the tree to compare it with ours; encryption keys are
// unique in a valid tree (checked above), so only a leaf with our key is worth encoding.
function findLeafIndex(tree: RatchetTree, leaf: LeafNode): ReturnType<typeof toLeafIndex> | undefined {
  const ours = encode(leafNodeEncoder)(leaf);
  for (let i = 0; i < tree.length; i += 2) {
    const n = tree[i];
    if (n?.nodeType === 'leaf' && bytesEqual(n.leaf.hpkePublicKey, leaf.hpkePublicKey) && bytesEqual(encode(leafNodeEncoder)(n.leaf), ours)) return toLeafIndex(i / 2);
  }
  return undefined;
}

// RFC 9420 §11.2, §11.3 (ts-mls's checks): a resumption PSK must be the old group's at the epoch the
// joiner's old state is in; a new group starts at epoch 1; a ReInit's new group is the one it announced.
function checkResumption(pskIds: readonly PreSharedKeyID[], gc: GroupContext, old: ClientState | undefined): void {
  const resumption = pskIds.find((id) => id.psktype === 'resumption');
  if (resumption === undefined || resumption.psktype !== 'resumption') return;
  if (old === undefined) throw new ValidationError('No prior state passed for resumption');
  if (resumption.pskEpoch !== old.groupContext.epoch) throw new ValidationError('Resumption PSK epoch mismatch');
  if (!bytesEqual(resumption.pskGroupId, old.groupContext.groupId)) throw new ValidationError('Resumption PSK: old groupId mismatch');
  if (gc.epoch !== 1n) throw new ValidationError('Resumption must be started at epoch 1');
  if (resumption.usage === 'reinit') {
    const s = old.groupActiveState;
    if (s.kind !== 'suspendedPendingReinit') throw new ValidationError('Found reinit psk but no old suspended clientState');
    if (!bytesEqual(s.reinit.groupId, gc.groupId)) throw new ValidationError('ReInit: new groupId mismatch');
    if (s.reinit.version !== gc.version) throw new ValidationError('ReInit: version mismatch');
    if (s.reinit.cipherSuite !== gc.cipherSuite) throw new ValidationError('ReInit: ciphersuite mismatch');
    const same = s.reinit.extensions.length === gc.extensions.length && s.reinit.extensions.every((e, i) => extensionEqual(e, gc.extensions[i]!));
    if (!same) throw new ValidationError('ReInit: extensions mismatch');
  } else if (resumption.usage === 'branch') {
    if (old.groupContext.cipherSuite !== gc.cipherSuite || old.groupContext.version !== gc.version) {
      throw new ValidationError('Branch: the new group must keep the version and ciphersuite');
    }
  }
}
