// The group roster as the ratchet tree has it (RFC 9420 §7), and what a commit changed in it.
import type { Credential, RatchetTree } from 'ts-mls';
import { toLeafIndex, type LeafInfo, type Member, type MemberLeaf } from '../engine.ts';
import type { LeafNode } from 'ts-mls';
import { suiteParamsByName } from './ciphersuites.ts';
import { bytesEqual } from './bytes.ts';

interface Entry {
  readonly member: Member;
  readonly signatureKey: Uint8Array;
}

const decoder = new TextDecoder();

export function identityOf(credential: Credential): string {
  switch (credential.credentialType) {
    case 'basic':
      return decoder.decode(credential.identity);
    case 'x509':
      return '[x509]';
    default:
      return `[credential ${String((credential as { credentialType: unknown }).credentialType)}]`;
  }
}

function roster(tree: RatchetTree): Entry[] {
  const out: Entry[] = [];
  for (let node = 0; node < tree.length; node += 2) {
    const n = tree[node];
    if (n?.nodeType !== 'leaf') continue;
    out.push({
      member: Object.freeze({ leafIndex: toLeafIndex(node / 2), identity: identityOf(n.leaf.credential) }),
      signatureKey: n.leaf.signaturePublicKey,
    });
  }
  return out;
}

export function membersOf(tree: RatchetTree): Member[] {
  return roster(tree).map((e) => e.member);
}

/**
 * Leaves that appeared or vanished; a leaf re-filled by someone else counts as both. A commit leaves
 * most leaf objects as they were (trees are copied, nodes never mutated), so only leaves whose object
 * changed are compared, by signature key, and only changed ones have their identity read.
 */
export function rosterChange(before: RatchetTree, after: RatchetTree): { added: Member[]; removed: Member[] } {
  const added: Member[] = [];
  const removed: Member[] = [];
  const member = (node: number, leaf: LeafNode): Member => Object.freeze({ leafIndex: toLeafIndex(node / 2), identity: identityOf(leaf.credential) });
  for (let node = 0; node < Math.max(before.length, after.length); node += 2) {
    const x = before[node];
    const y = after[node];
    const a = x?.nodeType === 'leaf' ? x.leaf : undefined;
    const b = y?.nodeType === 'leaf' ? y.leaf : undefined;
    if (a === b || (a !== undefined && b !== undefined && bytesEqual(a.signaturePublicKey, b.signaturePublicKey))) continue;
    if (b !== undefined) added.push(member(node, b));
    if (a !== undefined) removed.push(member(node, a));
  }
  return { added, removed };
}

export function identityAt(tree: RatchetTree, leaf: number): string | undefined {
  const n = tree[leaf * 2];
  return n?.nodeType === 'leaf' ? identityOf(n.leaf.credential) : undefined;
}

/** What a leaf node advertises, in the engine's terms (suites this engine does not know are left out). */
export function leafInfoOf(leaf: LeafNode): LeafInfo {
  return Object.freeze({
    identity: identityOf(leaf.credential),
    ciphersuites: leaf.capabilities.ciphersuites.flatMap((name) => {
      const s = suiteParamsByName(name);
      return s === undefined ? [] : [s.id];
    }),
    extensionTypes: [...leaf.capabilities.extensions],
    extensions: leaf.extensions.map((e) => Object.freeze({ type: e.extensionType as number, data: e.extensionData.slice() })),
  });
}

export function memberLeavesOf(tree: RatchetTree): MemberLeaf[] {
  const out: MemberLeaf[] = [];
  for (let node = 0; node < tree.length; node += 2) {
    const n = tree[node];
    if (n?.nodeType !== 'leaf') continue;
    // Leaf nodes are never mutated (a commit copies the tree and replaces nodes): each leaf's view is
    // made once and shared, so its extension bytes stay the same array and readers can remember what
    // they decoded from them (the content layer reads every recipient's capabilities on every send).
    let m = seen.get(n.leaf);
    if (m === undefined || m.leafIndex !== node / 2) seen.set(n.leaf, (m = Object.freeze({ leafIndex: toLeafIndex(node / 2), ...leafInfoOf(n.leaf) })));
    out.push(m);
  }
  return out;
}

const seen = new WeakMap<LeafNode, MemberLeaf>();
