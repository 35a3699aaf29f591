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
  if (e instanceof CryptoVerificationError) return 'bad-signature';
  if (e instanceof CryptoError) return cryptoReason(detail);
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

// ts-mls and both providers wrap every crypto failure in CryptoError; the message says which kind.
// A key or ciphertext of the wrong length, or bytes that are not a point of the curve, do not decode
// (malformed); a low-order point is a rule break (RFC 9180 §7.1.4, invalid); what remains (an AEAD tag
// or HPKE open that fails) is an authentication failure.
const UNDECODABLE = /must be \d+ bytes|not a (public|private) key|DeserializeError|invalid (public|private) ?key|invalid (key|point|length|encoding)|not on (the )?curve|bad point/i;
const RULE_BREAK = /all-zero shared secret|low[- ]order|small[- ]order/i;

function cryptoReason(detail: string): RejectReason {
  if (UNDECODABLE.test(detail)) return 'malformed';
  if (RULE_BREAK.test(detail)) return 'invalid';
  return 'bad-signature';
}
