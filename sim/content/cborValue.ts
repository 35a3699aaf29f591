/**
 * The CBOR data model this package speaks (RFC 8949 §3, a subset): unsigned and negative integers
 * (a `number` when safe, else a `bigint`), byte strings, UTF-8 text strings, arrays, maps keyed by
 * integers or text strings, `false`, `true` and `null`. No floats, tags, undefined or indefinite lengths.
 */
export type CborValue = number | bigint | string | Uint8Array | boolean | null | readonly CborValue[] | CborMap;
export type CborKey = number | bigint | string;
export type CborMap = ReadonlyMap<CborKey, CborValue>;

/** Unsigned 64-bit maximum and negative minimum (major types 0 and 1 with an 8-byte argument). */
export const CBOR_MAX_UINT = 0xffff_ffff_ffff_ffffn;
export const CBOR_MIN_NINT = -0x1_0000_0000_0000_0000n;
