import { z } from 'zod';
import { boundedNumber, identifier, nonNegativeNumber, probability } from '../fields.ts';
import { LIMITS } from '../limits.ts';

/** A directory (a provider's KeyPackage service) that serves its own KeyPackage for its target users. */
export const keySubstitutionSchema = z
  .object({
    kind: z.literal('key-substituting-directory'),
    /** The provider whose directory lies about its own users' keys. */
    at: identifier(),
    /** Target accounts homed at `at` (`u3@provA`); absent: every account there. */
    users: z.array(z.string().min(1).max(300)).min(1).max(LIMITS.impersonatorVictims).optional(),
    /** When it starts substituting (earlier claims are served honestly, so TOFU pins the genuine key). */
    fromSeconds: nonNegativeNumber().default(0),
    /**
     * Under key transparency: log the substitute's binding (clients accept it; the owner's monitor
     * detects it) or serve it unlogged (clients' inclusion checks refuse it).
     */
    logSubstitutes: z.boolean().default(false),
  })
  .strict();

const providers = () => z.array(identifier()).min(1).optional();

/** Defenses around key discovery: key transparency, out-of-band verification, TOFU history, key-change policy. */
export const keyDefenseFields = {
  /**
   * Key transparency: every provider keeps an append-only Merkle log (RFC 9162) of identity→key
   * bindings with a signed tree head per epoch; clients of `providers` (absent: all) accept a contact's
   * key only with an inclusion proof, and their devices monitor their own identity at an interval.
   */
  keyTransparency: z
    .object({
      /** One tree head per epoch (WhatsApp's deployed log: about 48 s). */
      epochSeconds: boundedNumber(LIMITS.minPeriodSeconds).default(48),
      /** The genesis head, covering the keys the starting population published (they registered before the run). */
      genesisSeconds: nonNegativeNumber().default(0.25),
      /** How often each device checks its home log for bindings of its identity it did not publish. */
      monitorIntervalSeconds: boundedNumber(LIMITS.minPeriodSeconds).default(60),
      /** An auditor per log checks each head's signature, schedule and consistency with the previous one. */
      auditors: z.boolean().default(true),
      providers: providers(),
    })
    .strict()
    .optional(),
  /** A share of users (of `providers`' clients) compared safety numbers out of band: they refuse any key but the genuine one. */
  outOfBand: z.object({ share: probability(), providers: providers() }).strict().optional(),
  /** TOFU with a history: the share of user pairs that talked before the run, so their pins hold the genuine key. */
  tofu: z.object({ priorContactShare: probability().default(0) }).strict().optional(),
  /**
   * What a client does when a contact's key changes (a TOFU warning) while it is adding them:
   * `auto-resend` trusts the new key at once (WhatsApp-like); `block-and-warn` holds the addition until
   * the user confirms, after `confirmSeconds`, with probability `confirmShare` (Signal-like); an
   * out-of-band verifier never confirms a key other than the genuine one.
   */
  keyChangePolicy: z
    .object({
      policy: z.enum(['auto-resend', 'block-and-warn']),
      confirmSeconds: nonNegativeNumber().default(30),
      confirmShare: probability().default(0.5),
    })
    .strict()
    .optional(),
};

/** Cross-field checks for the key-discovery attacker and defenses, one line per problem. */
export function keyCrossCheck(s: {
  readonly providers: readonly { readonly id: string }[];
  readonly identity: { readonly verification: string };
  readonly attackers: readonly ({ readonly kind: string } & Record<string, unknown>)[];
  readonly defenses: Record<string, unknown>;
}): string[] {
  const problems: string[] = [];
  const known = new Set(s.providers.map((p) => p.id));
  s.attackers.forEach((a, i) => {
    if (a.kind !== 'key-substituting-directory') return;
    const at = a['at'] as string;
    if (!known.has(at)) problems.push(`attackers[${i}].at: "${at}" names no provider`);
    ((a['users'] as string[] | undefined) ?? []).forEach((u, j) => {
      if (!u.endsWith(`@${at}`)) problems.push(`attackers[${i}].users[${j}]: "${u}" is not an account at ${at} (expected user@${at})`);
    });
  });
  for (const field of ['keyTransparency', 'outOfBand'] as const) {
    const d = s.defenses[field] as { providers?: string[] } | undefined;
    d?.providers?.forEach((p, j) => {
      if (!known.has(p)) problems.push(`defenses.${field}.providers[${j}]: "${p}" names no provider`);
    });
  }
  for (const field of ['tofu', 'keyChangePolicy'] as const)
    if (s.defenses[field] !== undefined && s.identity.verification !== 'tofu')
      problems.push(`defenses.${field}: needs identity.verification: tofu (it is ${s.identity.verification})`);
  return problems;
}
