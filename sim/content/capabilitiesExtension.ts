// The content half of ClientCapabilities as an MLS leaf-node extension (RFC 9420 §13), so group members
// learn what each other renders from the leaves themselves. Ciphersuites and extension types already
// have their place in LeafNode.capabilities (§7.2) and are not repeated here. Encoding (TLS
// presentation language as RFC 9420 §2.1 uses it, <V> = variable-size vector with a minimal-length
// varint prefix, §2.1.2):
//
//   struct {
//     uint8     version;            // 1
//     MediaType media_types<V>;     // MediaType = opaque<V>: lowercase ASCII type/subtype,
//                                   //   strictly ascending bytewise (so one value, one encoding)
//     uint8     part_kinds;         // bit i set for SEMANTIC_KINDS[i]: 0 reaction, 1 reply,
//                                   //   2 edit, 3 delete, 4 expiry; bits 5-7 zero
//     uint8     honors_expiry;      // 0 or 1; 1 needs the expiry bit
//   } ContentCapabilities;
import { parseContentCapabilities, type ContentCapabilities } from './capabilities.ts';
import { DecodeError } from './decodeError.ts';
import { SEMANTIC_KINDS, type SemanticKind } from './part.ts';

/** A private-use extension type (RFC 9420 §17.3 reserves 0xF000-0xFFFF for private use). */
export const CONTENT_CAPABILITIES_EXTENSION_TYPE = 0xf0a1;
export const CONTENT_CAPABILITIES_VERSION = 1;

/** Same shape as the MLS adapter's MlsExtension, so a device can pass it as a leaf extension. */
export interface LeafExtension {
  readonly type: number;
  readonly data: Uint8Array;
}

const ascii = new TextEncoder();

function varint(n: number): number[] {
  if (n < 0x40) return [n];
  if (n < 0x4000) return [0x40 | (n >>> 8), n & 0xff];
  if (n < 0x4000_0000) return [0x80 | (n >>> 24), (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  throw new RangeError(`vector length ${n} exceeds 2^30-1`);
}

export function encodeContentCapabilities(caps: ContentCapabilities): Uint8Array {
  const c = parseContentCapabilities(caps);
  const types: number[] = [];
  for (const t of c.mediaTypes) {
    const b = ascii.encode(t);
    types.push(...varint(b.length), ...b);
  }
  let bits = 0;
  SEMANTIC_KINDS.forEach((k, i) => {
    if (c.partKinds.includes(k)) bits |= 1 << i;
  });
  return Uint8Array.from([CONTENT_CAPABILITIES_VERSION, ...varint(types.length), ...types, bits, c.honorsExpiry ? 1 : 0]);
}

/** The extension of each capabilities object seen: a client version's capabilities are one object, shared by its devices. */
const extensions = new WeakMap<ContentCapabilities, LeafExtension>();

/** The leaf extension for `caps`, encoded once per capabilities object (read-only: its bytes are shared). */
export function contentCapabilitiesExtension(caps: ContentCapabilities): LeafExtension {
  let e = extensions.get(caps);
  if (e === undefined) extensions.set(caps, (e = Object.freeze({ type: CONTENT_CAPABILITIES_EXTENSION_TYPE, data: encodeContentCapabilities(caps) })));
  return e;
}

class Cursor {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  fail(problem: string, at = this.pos): never {
    throw new DecodeError(`content capabilities: ${problem} at byte ${at}`, at);
  }
  u8(what: string): number {
    if (this.pos >= this.b.length) this.fail(`truncated: expected ${what}`);
    return this.b[this.pos++] as number;
  }
  /** RFC 9420 §2.1.2 variable-length vector header; non-minimal lengths are refused. */
  vector(what: string): Uint8Array {
    const at = this.pos;
    const first = this.u8(`the length of ${what}`);
    const prefix = first >> 6;
    if (prefix === 3) this.fail(`invalid varint prefix 0b11 in the length of ${what}`, at);
    let len = first & 0x3f;
    for (let i = 0; i < (prefix === 0 ? 0 : prefix === 1 ? 1 : 3); i++) len = len * 256 + this.u8(`the length of ${what}`);
    if ((prefix === 1 && len < 0x40) || (prefix === 2 && len < 0x4000)) this.fail(`non-minimal length encoding of ${what}`, at);
    if (len > this.b.length - this.pos) this.fail(`truncated ${what}: ${len} bytes declared, ${this.b.length - this.pos} left`, at);
    const out = this.b.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
}

/** Parses the extension data back; every malformed or non-canonical input is a DecodeError. */
export function decodeContentCapabilities(data: Uint8Array): ContentCapabilities {
  if (!(data instanceof Uint8Array)) throw new TypeError(`content capabilities: expected a Uint8Array, got ${typeof data}`);
  const c = new Cursor(data);
  const version = c.u8('version');
  if (version !== CONTENT_CAPABILITIES_VERSION) c.fail(`unsupported version ${version}`, 0);
  const list = new Cursor(c.vector('media_types'));
  const base = c.pos - list.b.length;
  const mediaTypes: string[] = [];
  while (list.pos < list.b.length) {
    const at = base + list.pos;
    const raw = list.vector('a media type');
    if (raw.length > 255) c.fail(`media type of ${raw.length} bytes (at most 255)`, at);
    if (raw.some((x) => x > 0x7e || x < 0x21)) c.fail('media type is not printable ASCII', at);
    const t = String.fromCharCode(...raw);
    const prev = mediaTypes[mediaTypes.length - 1];
    if (prev !== undefined && !(prev < t)) c.fail(`media types not strictly ascending (${JSON.stringify(prev)} then ${JSON.stringify(t)})`, at);
    mediaTypes.push(t);
  }
  const bits = c.u8('part_kinds');
  if (bits >> SEMANTIC_KINDS.length !== 0) c.fail(`unknown part kind bits 0x${bits.toString(16)}`, c.pos - 1);
  const honors = c.u8('honors_expiry');
  if (honors > 1) c.fail(`honors_expiry must be 0 or 1, got ${honors}`, c.pos - 1);
  if (c.pos !== data.length) c.fail(`${data.length - c.pos} trailing bytes`);
  const partKinds: SemanticKind[] = SEMANTIC_KINDS.filter((_, i) => (bits & (1 << i)) !== 0);
  try {
    return parseContentCapabilities({ mediaTypes, partKinds, honorsExpiry: honors === 1 });
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw new DecodeError(`content capabilities: ${e.message}`);
    throw e;
  }
}
