import type { SimTime } from '../core/index.ts';
import type { Candidate } from './candidate.ts';
import { numberRecord, type NumberPortabilityDb, type StaleEntry } from './numberPortabilityDb.ts';
import type { E164 } from './phoneNumber.ts';
import type { ProviderId } from './providerId.ts';
import { activeAt } from './registration.ts';

const staleAt = (s: StaleEntry, t: SimTime): boolean => s.from <= t && t < s.until;

/** Ground truth: every provider holding the number at `at`. */
export function numberOwners(db: NumberPortabilityDb, n: E164, at: SimTime): Candidate[] {
  return numberRecord(db, n)
    .registrations.filter((r) => activeAt(r, at))
    .map((r) => ({ provider: r.provider, registeredAt: r.from, stale: false }));
}

/** One provider's own subscriber table: its live registration, else a stale entry left by a port-out. */
export function numberAtProvider(db: NumberPortabilityDb, n: E164, provider: ProviderId, at: SimTime): Candidate | undefined {
  const r = numberRecord(db, n);
  const live = r.registrations.find((x) => x.provider === provider && activeAt(x, at));
  if (live !== undefined) return { provider, registeredAt: live.from, stale: false };
  const old = r.stale.findLast((s) => s.provider === provider && staleAt(s, at));
  return old === undefined ? undefined : { provider, registeredAt: old.registeredAt, stale: true };
}

export interface MisrouteRisk {
  readonly number: E164;
  readonly provider: ProviderId;
  readonly portedTo: ProviderId;
  readonly until: SimTime;
}

/** Every stale entry in force at `at`, sorted by number then provider: the windows in which misroutes can happen. */
export function misrouteRisks(db: NumberPortabilityDb, at: SimTime): MisrouteRisk[] {
  const out: MisrouteRisk[] = [];
  for (const [number, r] of db.records.entries()) {
    const providers = new Set(r.stale.filter((s) => staleAt(s, at)).map((s) => s.provider));
    for (const provider of providers) {
      // A provider that took the number back is right again; of several ports away, the latest counts.
      if (r.registrations.some((x) => x.provider === provider && activeAt(x, at))) continue;
      const s = r.stale.findLast((x) => x.provider === provider && staleAt(x, at))!;
      out.push({ number, provider, portedTo: s.portedTo, until: s.until });
    }
  }
  return out.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : a.provider < b.provider ? -1 : 1));
}
