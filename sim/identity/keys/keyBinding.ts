import type { SimTime } from '../../core/index.ts';
import { formatIdentifier, type Identifier } from '../identifier.ts';
import type { ProviderId } from '../providerId.ts';
import { describe } from '../quote.ts';

/** The statement a provider attests: "this identity, homed here, used this signature key from this time". */
export interface KeyBinding {
  readonly identity: Identifier;
  readonly signatureKey: Uint8Array;
  readonly provider: ProviderId;
  readonly issuedAt: SimTime;
}

const LABEL = 'interop-sim/identity/key-binding/v1';

/**
 * Length-prefixed fields after a domain-separation label, so no two bindings share an encoding and a
 * signature over this cannot be replayed as any other kind of signed object (cf. RFC 9420 §5.1.2
 * SignWithLabel). Lengths are u32, the time a u64 of microseconds, all big-endian.
 */
export function encodeKeyBinding(b: KeyBinding): Uint8Array {
  if (!Number.isSafeInteger(b.issuedAt) || b.issuedAt < 0) throw new RangeError(`issuedAt: expected a non-negative integer time, got ${describe(b.issuedAt)}`);
  const text = new TextEncoder();
  const fields = [text.encode(LABEL), text.encode(formatIdentifier(b.identity)), b.signatureKey, text.encode(b.provider)];
  const size = fields.reduce((n, f) => n + 4 + f.length, 0) + 8;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const f of fields) {
    view.setUint32(o, f.length);
    out.set(f, o + 4);
    o += 4 + f.length;
  }
  view.setBigUint64(o, BigInt(b.issuedAt));
  return out;
}
