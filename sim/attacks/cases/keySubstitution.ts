import type { AttackCase } from '../attackCase.ts';
import { keySubstitutionSchema } from '../../../scenarios/attackers/keySubstitution.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import { largestProvider, withAttack } from './providerTargets.ts';

/** The largest provider's directory substitutes the keys of all its users (it is in the most conversations). */
const directory = (base: Scenario, logSubstitutes = false) => keySubstitutionSchema.parse({ kind: 'key-substituting-directory', at: largestProvider(base), logSubstitutes });

const withVerification = (s: Scenario, verification: Scenario['identity']['verification']): Scenario => ({ ...s, identity: { ...s.identity, verification } });

const kt = { keyTransparency: { epochSeconds: 48, genesisSeconds: 0.25, monitorIntervalSeconds: 60, auditors: true } };
/** Every user pair talked before the run, so TOFU holds the genuine key: the substitute is a key change. */
const known = { tofu: { priorContactShare: 1 } };

/**
 * Key substitution by a directory: undefended, TOFU on first contact, TOFU with a fifth of users
 * verifying out of band, and key transparency with the attacker's two choices (log the substitute
 * and be seen by the owner's monitor, or not and fail clients' inclusion checks). Then the key-change
 * policy against the same attacker when contacts are already pinned: leaked versus held.
 */
export const KEY_SUBSTITUTION_CASES: readonly AttackCase[] = [
  { attack: 'key substitution', defense: 'none', variant: (base) => withVerification(withAttack(base, directory(base)), 'none') },
  { attack: 'key substitution', defense: 'TOFU (first contact)', variant: (base) => withVerification(withAttack(base, directory(base)), 'tofu') },
  { attack: 'key substitution', defense: 'TOFU + 20% OOB', variant: (base) => withVerification(withAttack(base, directory(base), { outOfBand: { share: 0.2 } }), 'tofu') },
  { attack: 'key substitution', defense: 'key transparency (60 s monitor), logged', variant: (base) => withVerification(withAttack(base, directory(base, true), kt), 'tofu') },
  { attack: 'key substitution', defense: 'key transparency (60 s monitor), unlogged', variant: (base) => withVerification(withAttack(base, directory(base, false), kt), 'tofu') },
  {
    attack: 'key change (pending msgs)',
    defense: 'auto-resend',
    variant: (base) => withVerification(withAttack(base, directory(base), { ...known, keyChangePolicy: { policy: 'auto-resend', confirmSeconds: 30, confirmShare: 0.5 } }), 'tofu'),
  },
  {
    attack: 'key change (pending msgs)',
    defense: 'block-and-warn (50% confirm after 30 s)',
    variant: (base) => withVerification(withAttack(base, directory(base), { ...known, keyChangePolicy: { policy: 'block-and-warn', confirmSeconds: 30, confirmShare: 0.5 } }), 'tofu'),
  },
];
