// A device's start-up MLS work (its identity per suite and the KeyPackages it uploads), made ahead of
// its start for many devices in a row. Thousands of devices start at the same instant, and each start
// is a little MLS work and a little simulation (registering its client, packing and sending its
// upload): one after the other, each finds the other's code and tables cold. Made ahead, the MLS work
// of a batch of devices runs back to back inside the first one's start, and the others' starts are
// simulation only, without an await.
//
// Nothing the simulation sees changes: the work depends only on the device's identity, its suites, its
// leaf contents and its own random stream (`mls/device/<id>/suite-<n>`, drawn by nothing else before
// the device starts). It draws from a detached stream of that name; at the device's start, where the
// stream would have been asked for, it is adopted (sim/core/randomStreams.ts) if the suites, leaf
// contents and count are the same as were guessed ahead and the name is still free. Otherwise what was
// made ahead is dropped (MLS time spent for nothing, counted in DeviceStats.startAheadDropped), and
// the start does its work in place, as before. A client with upgrades to adopt is not made ahead (its
// registration at start may adopt one and change its suites): in every preset nothing is dropped.
import type { RandomStream } from '../../../core/index.ts';
import type { MemberKeys, MintedKeyPackage, MlsEngine, ReviseMemberOptions } from '../../../mls/engine.ts';
import type { World } from '../../world.ts';
import type { DeviceHost } from '../conversationProtocol.ts';

/** The batch a run makes ahead unless told otherwise (RunOptions.startAheadBatch; DeviceServices.startAhead). */
export const DEFAULT_START_AHEAD = 256;

/** One suite's identity and KeyPackages (the last the last-resort one), made ahead. */
export interface SuiteAhead {
  readonly suite: number;
  /** The leaf contents it was made with (what the client's content layer said then). */
  readonly leaf: ReviseMemberOptions | undefined;
  /** Its stream, detached until adopted. */
  readonly rng: RandomStream;
  readonly member: MemberKeys;
  readonly mints: readonly MintedKeyPackage[];
}

/** A device's start-up work made ahead: `count` one-time KeyPackages per suite and a last-resort one. */
export interface Ahead {
  readonly count: number;
  readonly suites: readonly SuiteAhead[];
}

/** The name of a device's stream for one suite. */
export function suiteStreamName(device: string, suite: number): string {
  return `mls/device/${device}/suite-${suite}`;
}

/** `count` KeyPackages minted in order (the engine can mint), the last one the last-resort package if `lastResort`. */
export async function mintAll(engine: MlsEngine, member: MemberKeys, count: number, lastResort: boolean): Promise<MintedKeyPackage[]> {
  const out: MintedKeyPackage[] = [];
  for (let i = 0; i < count; i++) out.push(await engine.mintKeyPackage!(member, { lastResort: lastResort && i === count - 1 }));
  return out;
}

/** What a device's start-up would make, as its client says now: each suite with its leaf contents and detached stream. */
export interface AheadPlan {
  readonly host: DeviceHost;
  readonly count: number;
  readonly suites: readonly { readonly suite: number; readonly leaf: ReviseMemberOptions | undefined; readonly rng: RandomStream }[];
}

/**
 * What a device's start-up would make (its suites and leaf contents as its client says now, each with
 * its stream detached), without any MLS work: plans for a batch are made in one pass, then their MLS
 * work in another. Undefined if the engine cannot mint or the client has upgrades to adopt.
 */
export function planAhead(host: DeviceHost, ciphersuites: readonly number[], count: number): AheadPlan | undefined {
  const { engine, content } = host.services;
  if (engine.mintKeyPackage === undefined) return undefined;
  const { streams } = host.world;
  const client = content?.client(host.id);
  // A client with upgrades to adopt may adopt one when it registers at its start (its suites and leaf
  // change then): its start-up is not guessed, so no MLS work is made for nothing.
  if (client !== undefined && client.policy.upgrades.length > 0) return undefined;
  const suites = client === undefined ? ciphersuites : client.ciphersuites;
  const out: { suite: number; leaf: ReviseMemberOptions | undefined; rng: RandomStream }[] = [];
  // A name already taken is found at adoption (the work made for it is dropped then): never in a run.
  for (const suite of suites) out.push({ suite, leaf: client === undefined ? undefined : content!.memberOptions(host.id, client), rng: streams.detached(suiteStreamName(host.id, suite)) });
  return { host, count, suites: out };
}

/** A plan's MLS work: each suite's member created and `count + 1` KeyPackages minted, timed as the start times them. */
export async function makeAhead(plan: AheadPlan): Promise<Ahead> {
  const { host, count } = plan;
  const { engine, clock } = host.services;
  const out: SuiteAhead[] = [];
  for (const { suite, leaf, rng } of plan.suites) {
    const member = await clock.time('create-member', () => engine.createMember({ identity: host.id, ciphersuite: suite, randomBytes: (n) => rng.bytes(n), ...leaf }));
    const mints = await clock.time('key-package-mint', () => mintAll(engine, member, count + 1, true), count + 1);
    out.push({ suite, leaf, rng, member, mints });
  }
  return { count, suites: out };
}

/**
 * The `k`th suite made ahead, adopted as the device's own, if it is what the start would make now:
 * the same suite, count and leaf contents, and its stream name still free. Undefined otherwise (the
 * start makes it in place).
 */
export function adoptAhead(ahead: Ahead | undefined, k: number, suite: number, count: number, leaf: ReviseMemberOptions | undefined, world: World, stats: AheadStats): SuiteAhead | undefined {
  const a = ahead?.suites[k];
  if (a === undefined) return undefined;
  if (ahead!.count === count && a.suite === suite && sameValue(a.leaf, leaf) && world.streams.adopt(a.rng)) {
    stats.startAheadAdopted++;
    return a;
  }
  stats.startAheadDropped++;
  return undefined;
}

/** Where a run counts the suites made ahead that were adopted, and those dropped (DeviceStats). */
export interface AheadStats {
  startAheadAdopted: number;
  startAheadDropped: number;
}

/** Deep equality of plain data: primitives, arrays, byte arrays and plain objects (leaf contents). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    if (a.length !== bs.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], bs[i])) return false;
    return true;
  }
  // Own enumerable keys, counted and compared without making their lists (called at every start).
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let n = 0;
  for (const k in ra) {
    if (!Object.prototype.hasOwnProperty.call(ra, k)) continue;
    if (!Object.prototype.hasOwnProperty.call(rb, k) || !sameValue(ra[k], rb[k])) return false;
    n++;
  }
  for (const k in rb) if (Object.prototype.hasOwnProperty.call(rb, k)) n--;
  return n === 0;
}

/** One place in a start queue. */
export interface Place<T> {
  readonly item: T;
  prev: Place<T> | undefined;
  next: Place<T> | undefined;
  listed: boolean;
}

/**
 * The stacks of a world that will start, in the order they were made (which is the order their
 * starts were scheduled in): a batch is taken from the one starting now and those after it.
 */
export class StartQueue<T> {
  private head: Place<T> | undefined;
  private tail: Place<T> | undefined;

  enlist(item: T): Place<T> {
    const p: Place<T> = { item, prev: this.tail, next: undefined, listed: true };
    if (this.tail === undefined) this.head = p;
    else this.tail.next = p;
    this.tail = p;
    return p;
  }

  /** Takes `p` out of the queue (it starts now, or was made ahead). */
  take(p: Place<T>): void {
    if (!p.listed) return;
    p.listed = false;
    if (p.prev === undefined) this.head = p.next;
    else p.prev.next = p.next;
    if (p.next === undefined) this.tail = p.prev;
    else p.next.prev = p.prev;
    p.prev = p.next = undefined;
  }

  /** `p` and up to `n - 1` places enlisted after it, in order, taken out of the queue. */
  batchFrom(p: Place<T>, n: number): T[] {
    const out: T[] = [];
    for (let q: Place<T> | undefined = p; q !== undefined && out.length < n; ) {
      const next: Place<T> | undefined = q.next;
      out.push(q.item);
      this.take(q);
      q = next;
    }
    return out;
  }

  /** Places still in the queue (tests). */
  get length(): number {
    let n = 0;
    for (let q = this.head; q !== undefined; q = q.next) n++;
    return n;
  }
}

const queues = new WeakMap<World, StartQueue<unknown>>();

/** The world's queue of stacks that will start. */
export function startQueueOf<T>(world: World): StartQueue<T> {
  let q = queues.get(world);
  if (q === undefined) queues.set(world, (q = new StartQueue<unknown>()));
  return q as StartQueue<T>;
}
