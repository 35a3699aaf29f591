import { describe, requireArray, requireBoolean, requireInteger, requireRecord } from './check.ts';

/** One row of the suite table the caller passes in (the MLS adapter's CiphersuiteInfo fits). */
export interface SuiteInfo {
  readonly id: number;
  /** The KEM resists a quantum adversary. */
  readonly postQuantum: boolean;
}

/**
 * `creator-order`: the creator's most preferred suite that every member supports.
 * `post-quantum-first`: the same, but any common post-quantum suite ranks above every classical one.
 */
export type SuitePreference = 'creator-order' | 'post-quantum-first';

export interface SuiteSelectionOptions {
  readonly prefer?: SuitePreference;
  /** Refuse a classical group: no common post-quantum suite gives `none`. */
  readonly requirePostQuantum?: boolean;
}

export type SuiteChoice =
  | {
      readonly kind: 'chosen';
      readonly suite: number;
      readonly postQuantum: boolean;
      readonly creatorFirstChoice: number;
      /** The group did not get the creator's first choice. */
      readonly fellBack: boolean;
      /** The creator's first choice was post-quantum and the group's suite is not. */
      readonly lostPostQuantum: boolean;
      /** Members (by index) that do not support the creator's first choice. */
      readonly lacking: readonly number[];
    }
  | {
      readonly kind: 'none';
      readonly reason: 'no-common-suite' | 'no-common-post-quantum-suite';
      readonly creatorFirstChoice: number;
      readonly lacking: readonly number[];
    };

function suiteTable(value: unknown): ReadonlyMap<number, boolean> {
  const rows = requireArray(value, 'suites');
  const table = new Map<number, boolean>();
  rows.forEach((row, i) => {
    const r = requireRecord(row, `suites[${i}]`);
    const id = requireInteger(r.id, `suites[${i}].id`, 1, 0xffff);
    if (table.has(id)) throw new RangeError(`suites[${i}].id: duplicate ${id}`);
    table.set(id, requireBoolean(r.postQuantum, `suites[${i}].postQuantum`));
  });
  return table;
}

/**
 * The group ciphersuite. `members[0]` is the creator; each member lists the suites it supports, most
 * preferred first, every one of them in `suites`. The GroupContext holds one cipher_suite (RFC 9420
 * §8.1) for the whole group, so a single member without post-quantum support keeps everyone classical.
 */
export function selectCiphersuite(members: readonly (readonly number[])[], suites: readonly SuiteInfo[], options: SuiteSelectionOptions = {}): SuiteChoice {
  const table = suiteTable(suites);
  const lists = requireArray(members, 'members').map((m, i) => {
    const seen = new Set<number>();
    const list = requireArray(m, `members[${i}]`).map((s, j) => {
      const id = requireInteger(s, `members[${i}][${j}]`, 1, 0xffff);
      if (!table.has(id)) throw new RangeError(`members[${i}][${j}]: ciphersuite ${id} is not in the suite table`);
      if (seen.has(id)) throw new RangeError(`members[${i}][${j}]: duplicate ciphersuite ${id}`);
      seen.add(id);
      return id;
    });
    if (list.length === 0) throw new RangeError(`members[${i}]: no ciphersuites`);
    return list;
  });
  const prefer = options.prefer ?? 'creator-order';
  if (prefer !== 'creator-order' && prefer !== 'post-quantum-first') throw new RangeError(`prefer: expected 'creator-order' or 'post-quantum-first', got ${describe(prefer)}`);
  const creator = lists[0];
  if (creator === undefined) throw new RangeError('members: empty');
  const first = creator[0] as number;
  const sets = lists.map((l) => new Set(l));
  const lacking = sets.flatMap((s, i) => (s.has(first) ? [] : [i]));
  const pq = (id: number): boolean => table.get(id) === true;
  const common = creator.filter((id) => sets.every((s) => s.has(id)));
  if (common.length === 0) return { kind: 'none', reason: 'no-common-suite', creatorFirstChoice: first, lacking };
  const ranked = prefer === 'post-quantum-first' ? [...common.filter(pq), ...common.filter((id) => !pq(id))] : common;
  const suite = options.requirePostQuantum === true ? ranked.find(pq) : ranked[0];
  if (suite === undefined) return { kind: 'none', reason: 'no-common-post-quantum-suite', creatorFirstChoice: first, lacking };
  return {
    kind: 'chosen',
    suite,
    postQuantum: pq(suite),
    creatorFirstChoice: first,
    fellBack: suite !== first,
    lostPostQuantum: pq(first) && !pq(suite),
    lacking,
  };
}
