import type { AttackCase } from '../attackCase.ts';
import { spammerSchema } from '../../../scenarios/attackers/spammer.ts';
import { abuseDefenseFields } from '../../../scenarios/attackers/abuseDefenses.ts';
import type { Scenario } from '../../../scenarios/schema.ts';

type SpamDefense = NonNullable<Scenario['defenses']['spam']>;

/**
 * A spammer with one account at every provider opening 30 first contacts a minute, against a base
 * whose 1:1 conversations are first contacts a third of the time (so filters have wanted messages to
 * get wrong). Every case keeps the base's own workload; only the spammer and the defense are added.
 */
function spamCase(defense: string, spam: SpamDefense | undefined): AttackCase {
  return {
    attack: 'spam',
    defense,
    variant: (base) => ({
      ...base,
      workload: { ...base.workload, firstContactShare: base.workload.firstContactShare ?? 0.3 },
      attackers: [...base.attackers, spammerSchema.parse({ kind: 'spammer', accountsPerProvider: 1, contactsPerMinute: 30 })],
      defenses: { ...base.defenses, ...(spam !== undefined && { spam }) },
    }),
  };
}

const spam = (d: object): SpamDefense => abuseDefenseFields.spam.parse(d)!;

/** The provider a lax spammer picks: the smallest (an entrant that checks sign-ups least), the last id on a tie. */
export function laxProvider(base: Scenario): string {
  return [...base.providers].sort((a, b) => a.users - b.users || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))[0]!.id;
}

/**
 * The same spammer with accounts at one lax provider only: its spam reaches other providers' users
 * only through what carries messages between providers (federation, a hub, either bridge, a
 * multi-protocol client signed up there); a silo keeps it home.
 */
const oneProviderCase: AttackCase = {
  attack: 'spam from one provider',
  defense: 'none',
  variant: (base) => ({
    ...base,
    workload: { ...base.workload, firstContactShare: base.workload.firstContactShare ?? 0.3 },
    attackers: [...base.attackers, spammerSchema.parse({ kind: 'spammer', accountsPerProvider: 1, contactsPerMinute: 30, providers: [laxProvider(base)] })],
  }),
};

export const SPAMMER_CASES: readonly AttackCase[] = [
  spamCase('none', undefined),
  spamCase('contact-only acceptance', spam({ contactOnly: {} })),
  spamCase('consent requests', spam({ consent: {} })),
  spamCase('rate limit (3 new/min per sender)', spam({ rateLimit: { perMinute: 3 } })),
  spamCase('shared reputation', spam({ reputation: {} })),
  oneProviderCase,
];
