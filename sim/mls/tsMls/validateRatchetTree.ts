// Checking a ratchet tree received in a Welcome or GroupInfo (RFC 9420 §12.4.3.1), ported from ts-mls
// 1.6.4's validateRatchetTree with its unmerged-leaves rule corrected.
//
// The RFC asks, for each non-blank parent P and each leaf L in P's unmerged_leaves, that L is a non-blank
// descendant of P and that every non-blank node *between* L and P also lists L. ts-mls instead demands
// that every non-blank node on L's whole direct path (above P too, and P itself) has an unmerged_leaves
// list *equal* to P's. Honest trees break that as soon as two added leaves share only a high ancestor:
// after a path update filled nodes 1, 3, 7 of an 8-leaf tree, adding leaves 1 and 4 in one path-less
// commit gives node 1 = [1], node 3 = [1], root 7 = [1, 4], which the RFC accepts and ts-mls rejected
// with "non-blank intermediate node must list leaf node in its unmerged_leaves"; the Welcome could not
// be joined although every member had the same, valid tree. Fixed upstream after 1.6.4.
import type { AuthenticationService, CiphersuiteImpl, GroupContext, LeafNode, RatchetTree } from 'ts-mls';
import type { LifetimeConfig } from 'ts-mls/lifetimeConfig.js';
import { extensionsSupportedByCapabilities } from 'ts-mls/extension.js';
import { verifyLeafNodeSignature, verifyLeafNodeSignatureKeyPackage } from 'ts-mls/leafNode.js';
import { CodecError, CryptoVerificationError, ValidationError, type MlsError } from 'ts-mls/mlsError.js';
import { verifyParentHashes } from './parentHash.ts';
import { decodeRequiredCapabilities, type RequiredCapabilities } from 'ts-mls/requiredCapabilities.js';
import { treeHashRoot } from './treeHash.ts';
import { directPath, leafToNodeIndex, leafWidth, toLeafIndex, toNodeIndex } from 'ts-mls/treemath.js';
import { keyOf } from './keyUniqueness.ts';
import { constantTimeEqual } from 'ts-mls/util/constantTimeCompare.js';
import { concurrentSignature } from './native/concurrentVerify.ts';
import { leafEncoding, leafSignContent } from './leafEncoding.ts';

export interface TreeCheckConfig {
  readonly lifetimeConfig: LifetimeConfig;
  readonly authService: AuthenticationService;
}

/** The first rule the tree breaks, or undefined when it is valid for `groupContext`. */
export async function validateRatchetTree(
  tree: RatchetTree,
  groupContext: GroupContext,
  config: TreeCheckConfig,
  cs: CiphersuiteImpl,
): Promise<MlsError | undefined> {
  const structural = unmergedLeavesError(tree) ?? structureError(tree);
  if (structural !== undefined) return structural;
  // Every leaf's signature is checked (§7.3), all started at once so they run side by side; each
  // result is awaited where the loop below reaches its leaf, so the first error is the same.
  const signatures = leafSignatureChecks(tree, groupContext, cs);
  const hpkeKeys = new Set<string>();
  const signatureKeys = new Set<string>();
  const credentialTypes = new Set<string>();
  for (const [i, n] of tree.entries()) {
    if (n === undefined) continue;
    const key = keyOf(n.nodeType === 'leaf' ? n.leaf.hpkePublicKey : n.parent.hpkePublicKey);
    if (hpkeKeys.has(key)) return new ValidationError('hpke keys not unique');
    hpkeKeys.add(key);
    if (n.nodeType !== 'leaf') continue;
    const signatureKey = keyOf(n.leaf.signaturePublicKey);
    if (signatureKeys.has(signatureKey)) return new ValidationError('signature keys not unique');
    signatureKeys.add(signatureKey);
    credentialTypes.add(n.leaf.credential.credentialType);
    const err = await validateLeafNode(n.leaf, signatures.get(i)!, groupContext, config);
    if (err !== undefined) return err;
  }
  for (const n of tree) {
    if (n?.nodeType !== 'leaf') continue;
    for (const t of credentialTypes) {
      if (!n.leaf.capabilities.credentials.includes(t as never)) {
        return new ValidationError('LeafNode has credential that is not supported by member of the group');
      }
    }
  }
  if (!(await verifyParentHashes(tree, cs.hash))) return new CryptoVerificationError('Unable to verify parent hash');
  if (!constantTimeEqual(groupContext.treeHash, await treeHashRoot(tree, cs.hash))) return new ValidationError('Unable to verify tree hash');
  return undefined;
}

function structureError(tree: RatchetTree): MlsError | undefined {
  for (const [i, n] of tree.entries()) {
    if (n !== undefined && (n.nodeType === 'leaf') !== (i % 2 === 0)) return new ValidationError('Received Ratchet Tree is not structurally sound');
  }
  return undefined;
}

/**
 * RFC 9420 §12.4.3.1: for each non-blank parent node P and each leaf L in its unmerged_leaves, L is a
 * non-blank leaf below P, and every non-blank node strictly between L and P lists L too.
 */
export function unmergedLeavesError(tree: RatchetTree): MlsError | undefined {
  const width = leafWidth(tree.length);
  for (const [i, n] of tree.entries()) {
    if (n?.nodeType !== 'parent') continue;
    for (const leaf of n.parent.unmergedLeaves) {
      const leafNode = leafToNodeIndex(toLeafIndex(leaf));
      const dp = directPath(leafNode, width);
      const at = dp.indexOf(toNodeIndex(i));
      if (tree[leafNode]?.nodeType !== 'leaf' || at < 0) {
        return new ValidationError('Unmerged leaf did not represent a non-blank descendant leaf node');
      }
      for (const between of dp.slice(0, at)) {
        const m = tree[between];
        if (m?.nodeType === 'parent' && !m.parent.unmergedLeaves.includes(leaf)) {
          return new ValidationError('non-blank intermediate node must list leaf node in its unmerged_leaves');
        }
      }
    }
  }
  return undefined;
}

/** The signature check of every non-blank leaf, by node index, started now. */
function leafSignatureChecks(tree: RatchetTree, groupContext: GroupContext, cs: CiphersuiteImpl): Map<number, Promise<boolean>> {
  const s = concurrentSignature(cs.signature);
  const out = new Map<number, Promise<boolean>>();
  for (const [i, n] of tree.entries()) {
    if (n?.nodeType !== 'leaf') continue;
    // A leaf that arrived in a tree is checked over its wire bytes (leafEncoding.ts; the same SignContent).
    const wire = leafEncoding(n.leaf);
    const check = async () =>
      wire !== undefined
        ? s.verify(n.leaf.signaturePublicKey, leafSignContent(n.leaf, wire, groupContext.groupId, i / 2), n.leaf.signature)
        : n.leaf.leafNodeSource === 'key_package'
          ? verifyLeafNodeSignatureKeyPackage(n.leaf, s)
          : verifyLeafNodeSignature(n.leaf, groupContext.groupId, i / 2, s);
    const p = check();
    p.catch(() => {}); // awaited (and rethrown) where the loop reaches this leaf, if it does
    out.set(i, p);
  }
  return out;
}

// RFC 9420 §7.3 (LeafNode validation), as ts-mls does it when joining: signature, credential,
// required capabilities, extensions listed in capabilities; KeyPackage lifetimes only if configured.
// `checkLifetime`: whether a KeyPackage leaf's lifetime is checked (joining: only if configured; an
// Add's KeyPackage: also when the client itself sent it, as ts-mls does).
export async function validateLeafNode(
  leaf: LeafNode,
  signature: Promise<boolean>,
  groupContext: GroupContext,
  config: TreeCheckConfig,
  checkLifetime = config.lifetimeConfig.validateLifetimeOnReceive,
): Promise<MlsError | undefined> {
  if (!(await signature)) return new CryptoVerificationError('Could not verify leaf node signature');
  if (leaf.leafNodeSource === 'key_package' && checkLifetime) {
    const now = BigInt(Math.floor(Date.now() / 1000)); // wall-clock ok: only when a caller opts into lifetime checks
    if (leaf.lifetime.notBefore > now || leaf.lifetime.notAfter < now) return new ValidationError('Current time not within Lifetime');
  }
  if (!(await config.authService.validateCredential(leaf.credential, leaf.signaturePublicKey))) return new ValidationError('Could not validate credential');
  const required = groupContext.extensions.find((e) => e.extensionType === 'required_capabilities');
  if (required !== undefined) {
    const caps = decodeRequiredCapabilities(required.extensionData, 0);
    if (caps === undefined) return new CodecError('Could not decode required_capabilities');
    if (!supports(caps[0], leaf)) return new ValidationError('LeafNode does not support required capabilities');
  }
  if (!extensionsSupportedByCapabilities(leaf.extensions, leaf.capabilities)) {
    return new ValidationError('LeafNode contains extension not listed in capabilities');
  }
  return undefined;
}

function supports(caps: RequiredCapabilities, leaf: LeafNode): boolean {
  const c = leaf.capabilities;
  return (
    caps.credentialTypes.every((t) => c.credentials.includes(t)) &&
    caps.extensionTypes.every((e) => c.extensions.includes(e)) &&
    caps.proposalTypes.every((p) => c.proposals.includes(p))
  );
}
