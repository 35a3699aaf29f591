import type { KeyVerifier } from './keyVerifier.ts';

/** Accepts whatever the directory returns: the baseline a key-substituting provider defeats silently. */
export const noVerification: KeyVerifier = {
  mode: 'none',
  verify: () => ({ verdict: { kind: 'accepted', basis: 'unverified' }, verifier: noVerification }),
};
