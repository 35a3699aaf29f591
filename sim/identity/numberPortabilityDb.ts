import { after, type Duration, type SimTime } from '../core/index.ts';
import { PersistentMap } from './persistentMap.ts';
import type { E164 } from './phoneNumber.ts';
import type { ProviderId } from './providerId.ts';
import { addRegistration, endRegistration, lastChange, requireNotBefore, type Registration } from './registration.ts';
import { describe } from './quote.ts';

/**
 * What the old provider still believes after a number is ported away, as telephony number portability
 * shows: until its own tables (and caches downstream) catch up, its users' messages stay on-net and
 * reach the wrong account.
 */
export interface StaleEntry {
  readonly provider: ProviderId;
  readonly portedTo: ProviderId;
  /** When the old provider's registration began, kept for first/last-registered choices. */
  readonly registeredAt: SimTime;
  readonly from: SimTime;
  readonly until: SimTime;
}

export interface NumberRecord {
  readonly registrations: readonly Registration[];
  readonly stale: readonly StaleEntry[];
}

/** The shared number → provider database, with its full history so any instant can be asked about. */
export interface NumberPortabilityDb {
  /** How long a ported-away provider keeps its stale entry. */
  readonly staleFor: Duration;
  readonly records: PersistentMap<E164, NumberRecord>;
}

const NO_RECORD: NumberRecord = { registrations: [], stale: [] };

export function emptyNumberDb(staleFor: Duration): NumberPortabilityDb {
  if (!Number.isSafeInteger(staleFor) || staleFor < 0) {
    throw new RangeError(`staleFor: expected a non-negative integer of microseconds, got ${describe(staleFor)}`);
  }
  return { staleFor, records: PersistentMap.empty() };
}

export const numberRecord = (db: NumberPortabilityDb, n: E164): NumberRecord => db.records.get(n) ?? NO_RECORD;

function lastOf(r: NumberRecord): SimTime | undefined {
  let last = lastChange(r.registrations);
  for (const s of r.stale) if (last === undefined || s.from > last) last = s.from;
  return last;
}

const put = (db: NumberPortabilityDb, n: E164, r: NumberRecord): NumberPortabilityDb => ({ ...db, records: db.records.set(n, r) });

/** A provider registers the number; others may hold it too (that is the ambiguity the choice policy settles). */
export function registerNumber(db: NumberPortabilityDb, n: E164, provider: ProviderId, at: SimTime): NumberPortabilityDb {
  const r = numberRecord(db, n);
  requireNotBefore('registerNumber', n, at, lastOf(r));
  return put(db, n, { ...r, registrations: addRegistration('registerNumber', n, r.registrations, provider, at) });
}

export function releaseNumber(db: NumberPortabilityDb, n: E164, provider: ProviderId, at: SimTime): NumberPortabilityDb {
  const r = numberRecord(db, n);
  requireNotBefore('releaseNumber', n, at, lastOf(r));
  return put(db, n, { ...r, registrations: endRegistration('releaseNumber', n, r.registrations, provider, at) });
}

/** Moves the number from one provider to another at `at`, leaving a stale entry at the old one for `staleFor`. */
export function portNumber(db: NumberPortabilityDb, n: E164, from: ProviderId, to: ProviderId, at: SimTime): NumberPortabilityDb {
  if (from === to) throw new RangeError(`portNumber: source and destination are both ${from}`);
  const r = numberRecord(db, n);
  requireNotBefore('portNumber', n, at, lastOf(r));
  const old = r.registrations.find((x) => x.provider === from && x.until === undefined);
  const ended = endRegistration('portNumber', n, r.registrations, from, at);
  const registrations = addRegistration('portNumber', n, ended, to, at);
  const stale: StaleEntry = { provider: from, portedTo: to, registeredAt: old!.from, from: at, until: after(at, db.staleFor) };
  return put(db, n, { registrations, stale: db.staleFor > 0 ? [...r.stale, stale] : r.stale });
}
