import { encodeKeyBinding, type KeyBinding } from '../keys/keyBinding.ts';
import { hashLeaf } from './merkle/hashes.ts';

/**
 * A log entry is the canonical key binding (identity, signature key, provider, time) that provider
 * attestation signs (`encodeKeyBinding`: label, length-prefixed fields, u64 µs), so one statement has
 * one encoding whether it is signed or logged. Its Merkle leaf hash is HASH(0x00 || encoding).
 */
export const bindingLeafHash = (b: KeyBinding): Uint8Array => hashLeaf(encodeKeyBinding(b));
