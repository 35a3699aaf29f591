// The ratchet tree as bytes (RFC 9420 §12.4.3.3: `optional<Node> ratchet_tree<V>`, the ratchet_tree
// extension's data), for delivering it out of band instead of inside a Welcome or GroupInfo.
import type { RatchetTree } from 'ts-mls';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { ratchetTreeEncoder } from 'ts-mls/ratchetTree.js';
import { decodeTreeFast } from './treeDecoder.ts';
import type { Rejected } from '../engine.ts';
import { rejected } from './rejection.ts';

export const encodeTree = (tree: RatchetTree): Uint8Array => encode(ratchetTreeEncoder)(tree);

/** The tree, or a `malformed` rejection for anything that is not exactly one encoded tree. */
export function decodeTree(bytes: Uint8Array, field: string): { kind: 'ok'; tree: RatchetTree } | Rejected {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${field}: expected bytes`);
  let out: [RatchetTree, number] | undefined;
  try {
    out = decodeTreeFast(bytes, 0);
  } catch {
    out = undefined;
  }
  if (out === undefined || out[1] !== bytes.length) return rejected('malformed', `${field}: does not decode as a ratchet tree`);
  return { kind: 'ok', tree: out[0] };
}
