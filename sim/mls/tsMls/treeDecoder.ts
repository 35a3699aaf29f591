// Decoding a ratchet tree (RFC 9420 §12.4.3.3, `optional<Node> ratchet_tree<V>`) into exactly the
// objects ts-mls 1.6.4's decodeRatchetTree builds, fast; and a KeyPackage MLSMessage (§10) into
// exactly what its decodeMlsMessage builds (a commit adding 511 members decodes 511 of them). ts-mls composes its decoders from small
// closures (an array spread per field) and turns every enum value into its name by rebuilding the
// enum's reverse map (an object spread per entry) for each value: a 512-member tree has ~5,000 such
// values, and decoding it was the largest part of a join after the signature checks.
//
// Only well-formed input takes this path: every read inside its vector, presence octets 0 or 1,
// enum values ts-mls knows (closed enums) or maps to strings (open ones), known credential and leaf
// node source types. Anything else goes to ts-mls's own decoder, which then fails (or succeeds) exactly
// as before. `test/mls/treeDecoder.test.ts` checks the two agree.
import type { Capabilities, Credential, Extension, KeyPackage, LeafNode, MLSMessage, ParentNode, RatchetTree } from 'ts-mls';
import { credentialTypes } from 'ts-mls/credentialType.js';
import { ciphersuites } from 'ts-mls/crypto/ciphersuite.js';
import { defaultExtensionTypes } from 'ts-mls/defaultExtensionType.js';
import { protocolVersions } from 'ts-mls/protocolVersion.js';
import { decodeRatchetTree, extendRatchetTree } from 'ts-mls/ratchetTree.js';
import { rememberLeafEncoding } from './leafEncoding.ts';
import { sharedNode } from './sharedNodes.ts';

class Fallback extends Error {}
const FALLBACK = new Fallback();
const fail = (): never => {
  throw FALLBACK;
};

// ts-mls's reverseMap: the last name listed for a value wins.
const reverse = (t: Record<string, number>) => {
  const m = new Map<number, string>();
  for (const [k, v] of Object.entries(t)) m.set(v, k);
  return m;
};
const VERSIONS = reverse(protocolVersions);
const SUITES = reverse(ciphersuites);
const CREDENTIALS = reverse(credentialTypes);
const EXTENSIONS = reverse(defaultExtensionTypes);

/** A cursor over one vector's bytes; reads past `end` fall back. */
class Reader {
  constructor(
    readonly b: Uint8Array,
    public at: number,
    readonly end: number,
    /** Lengths written longer than needed so far, shared by nested readers (ts-mls would re-encode them shorter). */
    readonly stats: { nonMinimal: number } = { nonMinimal: 0 },
  ) {}
  u8(): number {
    if (this.at >= this.end) fail();
    return this.b[this.at++]!;
  }
  u16(): number {
    if (this.at + 2 > this.end) fail();
    const v = (this.b[this.at]! << 8) | this.b[this.at + 1]!;
    this.at += 2;
    return v;
  }
  u32(): number {
    if (this.at + 4 > this.end) fail();
    const b = this.b;
    const v = b[this.at]! * 0x1000000 + ((b[this.at + 1]! << 16) | (b[this.at + 2]! << 8) | b[this.at + 3]!);
    this.at += 4;
    return v;
  }
  u64(): bigint {
    const hi = this.u32();
    const lo = this.u32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  /** A variable-length vector's extent (RFC 9420 §2.1.2, as ts-mls reads it: 1, 2 or 4 length bytes). */
  vector(): Reader {
    const len = this.prefix(true);
    const r = new Reader(this.b, this.at, this.at + len, this.stats);
    this.at += len;
    return r;
  }
  bytes(): Uint8Array {
    const v = this.vector();
    return this.b.subarray(v.at, v.end);
  }
  /** Moves past a vector as `vector()` reads it (same checks; a non-minimal length is counted when it is read), without a Reader for it. */
  skip(): void {
    const len = this.prefix(false); // advances past the prefix first
    this.at += len;
  }
  /** A vector's length prefix, checked against the bytes left; `count` notes a non-minimal encoding. */
  private prefix(count: boolean): number {
    const first = this.u8();
    let len: number;
    switch (first >> 6) {
      case 0:
        len = first & 0x3f;
        break;
      case 1:
        len = ((first & 0x3f) << 8) | this.u8();
        if (count && len < 64) this.stats.nonMinimal++;
        break;
      case 2:
        len = ((first & 0x3f) << 24) | (this.u8() << 16) | (this.u8() << 8) | this.u8();
        if (count && len < 16384) this.stats.nonMinimal++;
        break;
      default:
        return fail();
    }
    if (len < 0 || this.at + len > this.end) fail();
    return len;
  }
  list<T>(item: (r: Reader) => T): T[] {
    const v = this.vector();
    const out: T[] = [];
    while (v.at < v.end) out.push(item(v));
    return out;
  }
}

const known = (m: Map<number, string>, n: number): string => m.get(n) ?? fail();
const open = (m: Map<number, string>, n: number): string => m.get(n) ?? n.toString();

function credentialOf(r: Reader): Credential {
  const type = open(CREDENTIALS, r.u16());
  if (type === 'basic') return { credentialType: 'basic', identity: r.bytes() };
  if (type === 'x509') return { credentialType: 'x509', certificates: r.list((v) => v.bytes()) };
  return fail();
}

function capabilities(r: Reader): Capabilities {
  const start = r.at;
  const versions = r.list((v) => known(VERSIONS, v.u16()));
  const suites = r.list((v) => open(SUITES, v.u16()));
  const extensions = r.list((v) => v.u16());
  const proposals = r.list((v) => v.u16());
  const credentials = r.list((v) => open(CREDENTIALS, v.u16()));
  const caps = { versions, ciphersuites: suites, extensions, proposals, credentials } as unknown as Capabilities;
  return sharedCapabilities(r.b.subarray(start, r.at), caps);
}

/**
 * Leaves of one client configuration list the same capabilities (five arrays, about 900 bytes of
 * heap per leaf): one object per distinct encoding is handed out (never mutated; at most
 * CAPABILITY_SETS kept, then started afresh).
 */
const capabilitySets = new Map<string, Capabilities>();
const CAPABILITY_SETS = 4096;

function sharedCapabilities(wire: Uint8Array, decoded: Capabilities): Capabilities {
  const key = Buffer.from(wire.buffer, wire.byteOffset, wire.byteLength).toString('latin1');
  const seen = capabilitySets.get(key);
  if (seen !== undefined) return seen;
  if (capabilitySets.size >= CAPABILITY_SETS) capabilitySets.clear();
  capabilitySets.set(key, decoded);
  return decoded;
}

function extension(r: Reader): Extension {
  const n = r.u16();
  const extensionType = EXTENSIONS.get(n) ?? n;
  return { extensionType, extensionData: r.bytes() } as Extension;
}

// One object literal per leaf node source, in ts-mls's key order: every leaf of a source shares one
// hidden class with its fields in the object (a spread of the common fields made a map per leaf).
function leafNode(r: Reader): LeafNode {
  const start = r.at;
  const nonMinimal = r.stats.nonMinimal;
  const hpkePublicKey = r.bytes();
  const signaturePublicKey = r.bytes();
  const credential = credentialOf(r);
  const caps = capabilities(r);
  const source = r.u8();
  let leaf: LeafNode;
  let tbsLength: number;
  switch (source) {
    case 1: {
      const lifetime = { notBefore: r.u64(), notAfter: r.u64() };
      const extensions = r.list(extension);
      tbsLength = r.at - start;
      leaf = { hpkePublicKey, signaturePublicKey, credential, capabilities: caps, leafNodeSource: 'key_package', lifetime, extensions, signature: r.bytes() } as LeafNode;
      break;
    }
    case 2: {
      const extensions = r.list(extension);
      tbsLength = r.at - start;
      leaf = { hpkePublicKey, signaturePublicKey, credential, capabilities: caps, leafNodeSource: 'update', extensions, signature: r.bytes() } as LeafNode;
      break;
    }
    case 3: {
      const parentHash = r.bytes();
      const extensions = r.list(extension);
      tbsLength = r.at - start;
      leaf = { hpkePublicKey, signaturePublicKey, credential, capabilities: caps, leafNodeSource: 'commit', parentHash, extensions, signature: r.bytes() } as LeafNode;
      break;
    }
    default:
      return fail();
  }
  if (r.stats.nonMinimal === nonMinimal) rememberLeafEncoding(leaf, { bytes: r.b.subarray(start, r.at), tbsLength });
  return leaf;
}

function parentNode(r: Reader): ParentNode {
  const hpkePublicKey = r.bytes();
  const parentHash = r.bytes();
  const unmergedLeaves = r.list((v) => v.u32());
  return { hpkePublicKey, parentHash, unmergedLeaves } as ParentNode;
}

// A node's extent, read with exactly leafNode's and parentNode's checks (so the same bytes fall back)
// but without building it: only a node not seen before is decoded (sharedNodes.ts).
function skipLeafNode(r: Reader): void {
  r.skip(); // hpke_public_key
  r.skip(); // signature_key
  const type = open(CREDENTIALS, r.u16());
  if (type === 'basic') r.skip();
  else if (type === 'x509') for (const v = r.vector(); v.at < v.end; ) v.skip();
  else fail();
  for (const v = r.vector(); v.at < v.end; ) known(VERSIONS, v.u16());
  for (let k = 0; k < 4; k++) for (const v = r.vector(); v.at < v.end; ) v.u16(); // suites, extensions, proposals, credentials
  const source = r.u8();
  if (source === 1) for (let k = 0; k < 4; k++) r.u32(); // lifetime
  else if (source === 3) r.skip(); // parent_hash
  else if (source !== 2) fail();
  for (const v = r.vector(); v.at < v.end; ) {
    v.u16();
    v.skip();
  }
  r.skip(); // signature
}

function skipParentNode(r: Reader): void {
  r.skip(); // encryption_key
  r.skip(); // parent_hash
  for (const v = r.vector(); v.at < v.end; ) v.u32(); // unmerged_leaves
}

function node(r: Reader): RatchetTree[number] {
  const presence = r.u8();
  if (presence === 0) return undefined;
  if (presence !== 1) return fail();
  const start = r.at;
  const type = r.u8();
  if (type !== 1 && type !== 2) return fail();
  if (type === 1) skipLeafNode(r);
  else skipParentNode(r);
  // Every member's tree holds the same nodes: one object per distinct node (sharedNodes.ts), decoded
  // from its own copy of the bytes.
  return sharedNode(r.b.subarray(start, r.at), (own) => {
    const mine = new Reader(own, 1, own.length);
    return type === 1 ? { nodeType: 'leaf', leaf: leafNode(mine) } : { nodeType: 'parent', parent: parentNode(mine) };
  });
}

/** ts-mls's decodeRatchetTree(b, offset): the tree and the bytes read, or undefined (or its throw). */
export function decodeTreeFast(b: Uint8Array, offset: number): [RatchetTree, number] | undefined {
  try {
    const r = new Reader(b, offset, b.length);
    const nodes = r.list(node);
    if (nodes.length === 0 || nodes[nodes.length - 1] === undefined) return decodeRatchetTree(b, offset); // ts-mls throws for these
    return [extendRatchetTree(nodes), r.at - offset];
  } catch {
    return decodeRatchetTree(b, offset); // a Fallback, or anything this decoder did not foresee
  }
}

const KEY_PACKAGES = new WeakMap<KeyPackage, Uint8Array>();

/** The KeyPackageTBS bytes of a KeyPackage decoded here (its wire bytes before the signature), if all lengths were shortest. */
export function keyPackageTbsBytes(kp: KeyPackage): Uint8Array | undefined {
  return KEY_PACKAGES.get(kp);
}

/**
 * A KeyPackage MLSMessage that spans `bytes` exactly, as ts-mls's decodeMlsMessage builds it; `fallback`
 * for anything else (another wire format, trailing bytes, anything unusual), for ts-mls to decode.
 */
export function decodeKeyPackageMessageFast(bytes: Uint8Array): MLSMessage | 'fallback' {
  try {
    const r = new Reader(bytes, 0, bytes.length);
    const version = known(VERSIONS, r.u16());
    if (r.u16() !== 5) return 'fallback'; // mls_key_package
    const start = r.at;
    const kpVersion = known(VERSIONS, r.u16());
    const cipherSuite = open(SUITES, r.u16());
    const initKey = r.bytes();
    const leaf = leafNode(r);
    if (leaf.leafNodeSource !== 'key_package') return 'fallback';
    const extensions = r.list(extension);
    const tbsEnd = r.at;
    const signature = r.bytes();
    if (r.at !== bytes.length) return 'fallback';
    const keyPackage = { version: kpVersion, cipherSuite, initKey, leafNode: leaf, extensions, signature } as KeyPackage;
    if (r.stats.nonMinimal === 0) KEY_PACKAGES.set(keyPackage, bytes.subarray(start, tbsEnd));
    return { wireformat: 'mls_key_package', keyPackage, version } as MLSMessage;
  } catch {
    return 'fallback';
  }
}
