// Turning ts-mls failures into the engine's tagged rejections. ts-mls reports everything by throwing;
// the class says which layer failed and, for validation, the message says which rule.
import { CodecError, CryptoError, CryptoVerificationError, UsageError, ValidationError } from 'ts-mls/mlsError.js';
import type { Rejected, RejectReason } from '../engine.ts';
import { EngineBug } from './engineBug.ts';

export function rejected(reason: RejectReason, detail: string): Rejected {
  return { kind: 'rejected', reason, detail };
}

export function rejectionOf(e: unknown): Rejected {
  if (e instanceof EngineBug) throw e;
  const detail = e instanceof Error ? e.message : String(e);
  return rejected(reasonOf(e, detail), detail);
}

function reasonOf(e: unknown, detail: string): RejectReason {
  if (e instanceof CodecError) return 'malformed';
  // A failed AEAD open or HPKE decapsulation is an authentication failure like a bad signature.
  if (e instanceof CryptoVerificationError || e instanceof CryptoError) return 'bad-signature';
  if (e instanceof ValidationError) {
    // RFC 9420 §9.2: a generation already used, or deleted past the retention window.
    if (/gen in the past/i.test(detail)) return 'replay';
    if (/epoch/i.test(detail)) return 'wrong-epoch';
    if (/proposal with supplied reference/i.test(detail)) return 'missing-proposal';
    return 'invalid';
  }
  if (e instanceof UsageError) return /removed from group/i.test(detail) ? 'not-member' : 'invalid';
  // Decoders and @hpke index out of range or reject key lengths on hostile input.
  if (e instanceof RangeError || e instanceof TypeError) return 'malformed';
  return 'other';
}
