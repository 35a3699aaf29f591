import { describe } from '../quote.ts';
import { attestedVerifier } from './attestedVerifier.ts';
import type { KeyVerifier, VerificationMode } from './keyVerifier.ts';
import { noVerification } from './noVerification.ts';
import { tofuVerifier } from './tofuVerifier.ts';
import { ktVerifier } from '../kt/ktVerifier.ts';

export function createVerifier(mode: VerificationMode): KeyVerifier {
  switch (mode.kind) {
    case 'none':
      return noVerification;
    case 'tofu':
      if (mode.onChange !== 'repin' && mode.onChange !== 'keep-pin') throw new RangeError(`tofu.onChange: expected repin or keep-pin, got ${describe(mode.onChange)}`);
      return tofuVerifier(mode.onChange);
    case 'provider-attested':
      if (!(mode.trust instanceof Map)) throw new TypeError(`provider-attested.trust: expected a Map, got ${describe(mode.trust)}`);
      return attestedVerifier(mode.trust);
    case 'key-transparency':
      if (!(mode.trust instanceof Map)) throw new TypeError(`key-transparency.trust: expected a Map, got ${describe(mode.trust)}`);
      return ktVerifier(mode);
    default: {
      const never: never = mode;
      throw new RangeError(`verification.kind: expected none, tofu, provider-attested or key-transparency, got ${describe((never as { kind?: unknown }).kind)}`);
    }
  }
}
