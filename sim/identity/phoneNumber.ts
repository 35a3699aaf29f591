import type { Brand } from '../core/index.ts';
import { describe, requireString } from './quote.ts';

/** A phone number in E.164 form: the shared namespace that DMA art. 7 interop inherits from SMS/RCS. */
export type E164 = Brand<string, 'E164'>;

export function parseE164(s: unknown): E164 {
  const v = requireString(s, 'phone number');
  if (!/^\+[0-9]+$/.test(v)) throw new RangeError(`phone number: expected '+' followed by digits only, got ${describe(v)}`);
  const digits = v.length - 1;
  if (digits < 8 || digits > 15) throw new RangeError(`phone number: expected 8–15 digits after '+', got ${digits} in ${describe(v)}`);
  // ITU-T E.164 §6: country codes never begin with 0 (0 is the national trunk prefix in most plans).
  if (v[1] === '0') throw new RangeError(`phone number: the country code cannot start with 0, got ${describe(v)}`);
  return v as E164;
}
