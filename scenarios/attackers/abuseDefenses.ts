import { z } from 'zod';
import { identifier, positiveInt, positiveNumber, probability } from '../fields.ts';
import type { Scenario } from '../schema.ts';

/** Providers whose clients (or servers) use a defense; absent = all. */
const scope = { providers: z.array(identifier()).min(1).optional() };

/** Client-side defenses against spam (E2EE leaves servers only metadata), impersonation and lost timers. */
export const abuseDefenseFields = {
  spam: z
    .object({
      /** Clients refuse messages from anyone not in their contacts. */
      contactOnly: z.object(scope).strict().optional(),
      /** First contacts go to a message-request folder; the user accepts or declines after a while. */
      consent: z
        .object({
          ...scope,
          /** Probability a user accepts a wanted first contact, and an unwanted one. */
          acceptLegitimate: probability().default(0.95),
          acceptSpam: probability().default(0.05),
          /** Mean seconds before the user looks at a request. */
          decisionSeconds: positiveNumber().default(5),
        })
        .strict()
        .optional(),
      /** A provider in scope refuses its users' new conversations with strangers beyond `perMinute` (metadata only). */
      rateLimit: z.object({ ...scope, perMinute: positiveInt().default(3) }).strict().optional(),
      /** Users report spam to their provider; providers in scope share reports and block reported senders. */
      reputation: z
        .object({
          ...scope,
          reportProbability: probability().default(0.5),
          /** A user reports a wanted first contact by mistake. */
          falseReportProbability: probability().default(0.02),
          /** Distinct reporting users that get a sender blocked. */
          threshold: positiveInt().default(2),
        })
        .strict()
        .optional(),
    })
    .strict()
    .optional(),
  /** Clients show names qualified by provider (`u7@provB`) and refuse a contact at an unexpected provider. */
  qualifiedDisplay: z.object(scope).strict().optional(),
  /** Senders check their group's advertised disappearing-message support: warn, or send without the timer. */
  disappearingCheck: z.object({ ...scope, mode: z.enum(['warn', 'refuse']).default('refuse') }).strict().optional(),
};

/** Provider names in spam attackers and defenses must exist. */
export function abuseCrossCheck(s: Scenario): string[] {
  const known = new Set(s.providers.map((p) => p.id));
  const problems: string[] = [];
  const check = (list: readonly string[] | undefined, at: string) =>
    list?.forEach((p, i) => {
      if (!known.has(p)) problems.push(`${at}[${i}]: "${p}" names no provider`);
    });
  s.attackers.forEach((a, i) => {
    if (a.kind === 'spammer' || a.kind === 'impersonator') check(a.providers, `attackers[${i}].providers`);
    if (a.kind === 'non-compliant-client') {
      check(a.provider === undefined ? undefined : [a.provider], `attackers[${i}].provider`);
      if (s.workload.disappearing === undefined) problems.push(`attackers[${i}]: a non-compliant client needs workload.disappearing (no timers to ignore)`);
    }
    if (a.kind === 'impersonator' && a.target !== undefined && !/^u\d+@/.test(a.target)) problems.push(`attackers[${i}].target: expected a user like "u3@provA", got "${a.target}"`);
    if (a.kind === 'impersonator' && a.target !== undefined && !known.has(a.target.slice(a.target.indexOf('@') + 1)))
      problems.push(`attackers[${i}].target: "${a.target}" is at no provider of the scenario`);
  });
  const spam = s.defenses.spam;
  for (const k of ['contactOnly', 'consent', 'rateLimit', 'reputation'] as const) check(spam?.[k]?.providers, `defenses.spam.${k}.providers`);
  check(s.defenses.qualifiedDisplay?.providers, 'defenses.qualifiedDisplay.providers');
  check(s.defenses.disappearingCheck?.providers, 'defenses.disappearingCheck.providers');
  return problems;
}
