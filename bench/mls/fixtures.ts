// Groups to measure on, built once per (suite, N) with the native engine and then held by either
// provider's member handles (the states are plain data; rebindGroup swaps the member, and with it the
// crypto provider). Two trees per size:
// - sparse: right after the creator added everyone in one path-less commit; no parent node is set, so
//   a path update encrypts to every other leaf (N-1 HPKE encryptions);
// - copath-filled: members 1, 2, 4, ..., N/2 have each committed one path update, which sets every node
//   on the creator's copath (RFC 9420 §7.5): the creator's path update then encrypts ceil(log2 N)
//   times, as after every member has updated once.
import { shake256 } from '@noble/hashes/sha3.js';
import type { GroupState, KeyPackageResult, MemberKeys, MlsEngine, RandomBytes } from '../../sim/mls/engine.ts';
import { rebindGroup } from '../../sim/mls/tsMls/handles.ts';

export function seededBytes(seed: string): RandomBytes {
  const prefix = new TextEncoder().encode(seed);
  let counter = 0;
  return (n) => {
    const block = new Uint8Array(prefix.length + 4);
    block.set(prefix);
    new DataView(block.buffer).setUint32(prefix.length, counter++);
    return shake256(block, { dkLen: n });
  };
}

export interface Fixture {
  readonly suite: number;
  readonly n: number;
  /** KeyPackages of members 1..N-1, for the creator's one-shot add. */
  readonly keyPackages: readonly Uint8Array[];
  /** Member N-1's KeyPackage and its private half, for the join. */
  readonly joiner: KeyPackageResult;
  readonly welcome: Uint8Array;
  readonly sparse: Pair;
  readonly filled: Pair;
}

/** The committer (leaf 0) and the receiver (leaf N-1), as built with the native engine. */
export interface Pair {
  readonly committer: GroupState;
  readonly receiver: GroupState;
}

const ok = <T extends { kind: string }>(r: T, what: string): Extract<T, { kind: 'ok' | 'accepted' }> => {
  if (r.kind !== 'ok' && r.kind !== 'accepted') throw new Error(`bench setup: ${what}: ${JSON.stringify(r)}`);
  return r as Extract<T, { kind: 'ok' | 'accepted' }>;
};

export const memberSeed = (suite: number, n: number, i: number) => `mls-bench/${suite}/${n}/m${i}`;

export function createMembers(engine: MlsEngine, suite: number, n: number, indices: readonly number[]): Promise<MemberKeys[]> {
  return Promise.all(indices.map((i) => engine.createMember({ identity: `m${i}`, ciphersuite: suite, randomBytes: seededBytes(memberSeed(suite, n, i)), grease: false })));
}

export async function buildFixture(engine: MlsEngine, suite: number, n: number): Promise<Fixture> {
  const all = Array.from({ length: n }, (_, i) => i);
  const members = await createMembers(engine, suite, n, all);
  const kps: KeyPackageResult[] = [];
  for (const m of members.slice(1)) kps.push(await engine.generateKeyPackage(m));
  const { state } = await engine.createGroup(members[0]!, new TextEncoder().encode(`mls-bench-${suite}-${n}`));
  const add = ok(await engine.commit(state, { adds: kps.map((k) => k.keyPackage) }), 'one-shot add');
  const updaters: number[] = [];
  for (let u = 1; u < n; u *= 2) updaters.push(u);
  const active = [...new Set([0, ...updaters, n - 1])];
  const states = new Map<number, GroupState>([[0, add.state]]);
  for (const i of active.slice(1)) states.set(i, ok(await engine.joinFromWelcome(members[i]!, add.welcome!, kps[i - 1]!.keyPackagePrivate), `m${i} joins`).state);
  const sparse = { committer: states.get(0)!, receiver: states.get(n - 1)! };
  for (const u of updaters) {
    const c = ok(await engine.commit(states.get(u)!, { forcePath: true }), `m${u} updates`);
    for (const i of active) if (i !== u) states.set(i, ok(await engine.processHandshake(states.get(i)!, c.commit), `m${i} follows m${u}`).state);
    states.set(u, c.state);
  }
  return {
    suite,
    n,
    keyPackages: kps.map((k) => k.keyPackage),
    joiner: kps[n - 2] ?? kps[0]!,
    welcome: add.welcome!,
    sparse,
    filled: { committer: states.get(0)!, receiver: states.get(n - 1)! },
  };
}

/** A fixture pair held by `engine`'s own handles of the same members. */
export async function pairOn(engine: MlsEngine, f: Fixture, pair: Pair): Promise<Pair> {
  const [creator, last] = await createMembers(engine, f.suite, f.n, [0, f.n - 1]);
  return { committer: rebindGroup(pair.committer, creator!), receiver: rebindGroup(pair.receiver, last!) };
}
