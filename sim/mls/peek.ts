// What a delivery service, bridge or eavesdropper can read from MLS wire bytes without any key: the
// cleartext header of an MLSMessage (RFC 9420 §6). A PrivateMessage exposes group id, epoch and content
// type (§6.3); a PublicMessage its whole FramedContent, of which we read the header; a GroupInfo its
// GroupContext; a Welcome and a KeyPackage only their ciphersuite.
//
// Only the header is parsed (plus, for PrivateMessage, that its framing spans exactly the bytes): a
// message that peeks as a commit may still be rejected by the members. Any other input is `unknown`.
import { toLeafIndex, type PeekKind, type PeekResult } from './engine.ts';

const MLS10 = 1;
const WIRE = { public: 1, private: 2, welcome: 3, groupInfo: 4, keyPackage: 5 } as const;
const CONTENT: Record<number, PeekKind> = { 1: 'application', 2: 'proposal', 3: 'commit' };
const SENDER_MEMBER = 1;
const SENDER_EXTERNAL = 2;

export function peek(bytes: Uint8Array): PeekResult {
  const byteLength = bytes instanceof Uint8Array ? bytes.length : 0;
  try {
    return bytes instanceof Uint8Array ? (read(new Reader(bytes)) ?? { kind: 'unknown', byteLength }) : { kind: 'unknown', byteLength };
  } catch (e) {
    if (e instanceof Unreadable) return { kind: 'unknown', byteLength };
    throw e;
  }
}

function read(r: Reader): PeekResult | undefined {
  const byteLength = r.bytes.length;
  if (r.u16() !== MLS10) return undefined;
  switch (r.u16()) {
    case WIRE.private: {
      const groupId = r.vector();
      const epoch = r.u64();
      const kind = CONTENT[r.u8()];
      r.vector(); // authenticated_data
      r.vector(); // encrypted_sender_data
      r.vector(); // ciphertext
      if (kind === undefined || !r.done()) return undefined;
      return { kind, framing: 'private', groupId, epoch, byteLength };
    }
    case WIRE.public: {
      const groupId = r.vector();
      const epoch = r.u64();
      const senderType = r.u8();
      const senderLeaf = senderType === SENDER_MEMBER ? r.u32() : undefined;
      if (senderType === SENDER_EXTERNAL) r.u32();
      else if (senderType < 1 || senderType > 4) return undefined;
      r.vector(); // authenticated_data
      const kind = CONTENT[r.u8()];
      if (kind === undefined) return undefined;
      return {
        kind,
        framing: 'public',
        groupId,
        epoch,
        ...(senderLeaf === undefined ? {} : { senderLeaf: toLeafIndex(senderLeaf) }),
        byteLength,
      };
    }
    case WIRE.welcome:
      return { kind: 'welcome', ciphersuite: r.u16(), byteLength };
    case WIRE.groupInfo: {
      if (r.u16() !== MLS10) return undefined;
      const ciphersuite = r.u16();
      const groupId = r.vector();
      return { kind: 'group-info', ciphersuite, groupId, epoch: r.u64(), byteLength };
    }
    case WIRE.keyPackage:
      if (r.u16() !== MLS10) return undefined;
      return { kind: 'key-package', ciphersuite: r.u16(), byteLength };
    default:
      return undefined;
  }
}

/**
 * The new_member KeyPackageRefs of a Welcome MLSMessage (RFC 9420 §12.4.3.1: cipher_suite, then
 * EncryptedGroupSecrets secrets<V>, each new_member<V> + HPKECiphertext, then encrypted_group_info<V>).
 * Never throws; [] for anything that is not exactly one well-formed Welcome.
 */
export function welcomeRecipients(bytes: Uint8Array): Uint8Array[] {
  if (!(bytes instanceof Uint8Array)) return [];
  try {
    const r = new Reader(bytes);
    if (r.u16() !== MLS10 || r.u16() !== WIRE.welcome) return [];
    r.u16(); // cipher_suite
    const secrets = new Reader(r.vector());
    r.vector(); // encrypted_group_info
    if (!r.done()) return [];
    const refs: Uint8Array[] = [];
    while (!secrets.done()) {
      refs.push(secrets.vector()); // new_member
      secrets.vector(); // kem_output
      secrets.vector(); // ciphertext
    }
    return refs;
  } catch (e) {
    if (e instanceof Unreadable) return [];
    throw e;
  }
}

class Unreadable extends Error {}

class Reader {
  private at = 0;
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private take(n: number): number {
    if (this.at + n > this.bytes.length) throw new Unreadable();
    const at = this.at;
    this.at += n;
    return at;
  }
  u8(): number {
    return this.view.getUint8(this.take(1));
  }
  u16(): number {
    return this.view.getUint16(this.take(2));
  }
  u32(): number {
    return this.view.getUint32(this.take(4));
  }
  u64(): bigint {
    return this.view.getBigUint64(this.take(8));
  }
  /** opaque<V> with the variable-length integer prefix of RFC 9420 §2.1.2, minimal encoding only. */
  vector(): Uint8Array {
    const first = this.u8();
    const prefix = first >> 6;
    let len = first & 0x3f;
    if (prefix === 3) throw new Unreadable();
    const extra = prefix === 0 ? 0 : prefix === 1 ? 1 : 3;
    for (let i = 0; i < extra; i++) len = len * 256 + this.u8();
    const minimal = prefix === 0 || (prefix === 1 ? len >= 64 : len >= 16384);
    if (!minimal) throw new Unreadable();
    const at = this.take(len);
    return this.bytes.slice(at, at + len);
  }
  done(): boolean {
    return this.at === this.bytes.length;
  }
}
