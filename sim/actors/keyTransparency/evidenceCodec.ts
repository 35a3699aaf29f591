import type { SimTime } from '../../core/index.ts';
import { providerId } from '../../identity/index.ts';
import { encodeTreeHead, type InclusionProof, type SignedTreeHead } from '../../identity/kt/index.ts';

/** What a provider sends with a KeyPackage under key transparency: the binding's time, head and audit path. */
export interface WireEvidence {
  readonly issuedAt: SimTime;
  readonly head: SignedTreeHead;
  readonly proof: InclusionProof;
}

/**
 * issuedAt u64, leafIndex u64, treeSize u64, path length u16 then 32-byte hashes, the head's canonical
 * encoding (u32 length-prefixed, `encodeTreeHead`) and its signature (u16 length-prefixed), big-endian.
 * About 32·log2(n) + 150 bytes: what KT adds to every claimed KeyPackage on the wire.
 */
export function encodeEvidence(e: WireEvidence): Uint8Array {
  const head = encodeTreeHead(e.head);
  const out = new Uint8Array(8 * 3 + 2 + 32 * e.proof.path.length + 4 + head.length + 2 + e.head.signature.length);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const n of [e.issuedAt, e.proof.leafIndex, e.proof.treeSize]) (view.setBigUint64(o, BigInt(n)), (o += 8));
  view.setUint16(o, e.proof.path.length);
  o += 2;
  for (const h of e.proof.path) (out.set(h, o), (o += 32));
  view.setUint32(o, head.length);
  out.set(head, o + 4);
  o += 4 + head.length;
  view.setUint16(o, e.head.signature.length);
  out.set(e.head.signature, o + 2);
  return out;
}

/** The evidence in `bytes`, or undefined when they do not parse (a client then treats the key as unlogged). */
export function decodeEvidence(bytes: Uint8Array): WireEvidence | undefined {
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let o = 0;
    const u64 = () => ((o += 8), Number(view.getBigUint64(o - 8)));
    const take = (n: number) => {
      if (o + n > bytes.length) throw new RangeError('truncated');
      return ((o += n), bytes.slice(o - n, o));
    };
    const issuedAt = u64() as SimTime;
    const leafIndex = u64();
    const treeSize = u64();
    const n = view.getUint16(o);
    o += 2;
    const path = Array.from({ length: n }, () => take(32));
    const headLen = view.getUint32(o);
    o += 4;
    const head = new DataView(take(headLen).buffer);
    // encodeTreeHead: label, provider (u32-prefixed), epoch, treeSize (u64), root (u32-prefixed), publishedAt (u64).
    let h = 0;
    const text = () => {
      const len = head.getUint32(h);
      const s = new TextDecoder().decode(new Uint8Array(head.buffer, h + 4, len));
      h += 4 + len;
      return s;
    };
    text();
    const provider = providerId(text());
    const epoch = Number(head.getBigUint64(h));
    const headSize = Number(head.getBigUint64(h + 8));
    h += 16;
    const rootLen = head.getUint32(h);
    const rootHash = new Uint8Array(head.buffer.slice(h + 4, h + 4 + rootLen));
    h += 4 + rootLen;
    const publishedAt = Number(head.getBigUint64(h)) as SimTime;
    const sigLen = view.getUint16(o);
    o += 2;
    const signature = take(sigLen);
    return { issuedAt, proof: { leafIndex, treeSize, path }, head: { provider, epoch, treeSize: headSize, rootHash, publishedAt, signature } };
  } catch {
    return undefined;
  }
}
