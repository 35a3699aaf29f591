import { percentiles } from '../percentiles.ts';
import type { ExposureRole, TraceRecord } from '../records.ts';
import type { RunInfo } from './arrangement.ts';
import { arrangementBetween, isUniform } from './arrangementBetween.ts';
import type { PairMetrics, PerPairReport } from './pairMetrics.ts';
import { weakestLink, type MessageCrossing } from './weakestLink.ts';

/** The person behind a device and the provider that person belongs to. */
export interface Party {
  readonly person: string;
  readonly home: string;
}

/** What the trace does not say and the run knows: who is behind a device, forgers, accounts. */
export interface PairSources {
  /**
   * Undefined for infrastructure (a bridge's gateway): it then counts at the server its id names.
   * Once defined for a device it never changes (the collector remembers it). It is asked when the
   * collector folds its records in (in runs, a little after they were emitted, and before a report):
   * a device named in a record must already have the party it will keep.
   */
  party(device: string): Party | undefined;
  /** Non-endpoint holders of the group keys when `msg` was sent (sim/actors/exposures.ts). */
  forgersOf(msg: string): number;
  /** Accounts a person holds, its home account included. */
  accountsOf(person: string): number;
}

interface MessageState {
  readonly from: string;
  /** The pairs from the sender's home provider, by recipient home's index (a row of `rows`). */
  readonly row: (PairState | undefined)[];
  readonly person: string;
  /** Recipient home providers' indexes in the order first seen, and the copies to each (the same place). */
  readonly homes: number[];
  readonly copies: number[];
  /** Non-endpoint readers (strangers apart) and their roles (none until the first). */
  readers: Map<string, ExposureRole> | undefined;
  clear: boolean;
  pq: boolean;
}

interface PairState {
  copies: number;
  messages: number;
  delivered: number;
  readonly latencies: number[];
  rendered: number;
  fidelitySum: number;
  fellBack: number;
  strangers: number;
  readonly persons: Set<string>;
}

/** A device as the collector knows it: its party, its home provider's index, the pair its person was last added to. */
interface DeviceSlot {
  readonly party: Party;
  readonly home: number;
  /** A pair whose `persons` already holds this device's person (a set only grows): the next add to it is skipped. */
  inPair: PairState | undefined;
  /** False for infrastructure (no party yet): asked again each time, never remembered. */
  readonly known: boolean;
}

/** What the queue holds next (PairCollector.queue), and how long it grows before it is folded in. */
const RECORD = 0;
const RENDERED = 1;
const SENT = 2;
const QUEUED = 2048;

const pairKey = (from: string, to: string) => `${from}\u0000${to}`;

/**
 * Folds a run's trace records, as they are emitted, into per-provider-pair measures. Outcomes,
 * latencies and exposures come from the trace (`send`, `deliver`/`drop`/`reject`, `expose`); what the
 * trace does not carry (rendering fidelity, whether a message went in clear or on a post-quantum
 * suite) comes through `rendered` and `sent`, called by the content layer where it happens. What
 * it is told is queued and folded in, in order, a few thousand at a time (a run tells it between
 * other work; folded in a run, its maps and code stay warm), and all of it before a report.
 */
export class PairCollector {
  private readonly messages = new Map<string, MessageState>();
  /** By sender home provider, then recipient home provider: for the report (no key string is built per record). */
  private readonly pairs = new Map<string, Map<string, PairState>>();
  /** The same pairs by home index, sender's then recipient's: what a record looks up. */
  private readonly rows: (PairState | undefined)[][] = [];
  /** Home providers by index, and the index of each. */
  private readonly homeNames: string[] = [];
  private readonly homeIndex = new Map<string, number>();
  /** Each device, once the population knows its party. */
  private readonly devices = new Map<string, DeviceSlot>();
  /** The last copy looked up (a copy's `deliver` and its `rendered` come one after the other): message, device, pair. */
  private lastMsg: string | undefined;
  private lastDevice: string | undefined;
  private lastPair: PairState | undefined;

  constructor(private readonly sources: Pick<PairSources, 'party'>) {}

  /**
   * What the collector was told and has not folded in yet, in order, flat: a record (`RECORD`, the
   * record), a rendering (`RENDERED`, device, message, fidelity, fell back) or a send's protection
   * (`SENT`, message, clear, pq). Folded in runs (the maps and states stay warm), and before a report.
   */
  private readonly queue: unknown[] = [];

  readonly listener = (r: TraceRecord): void => {
    switch (r.type) {
      case 'send':
      case 'deliver':
      case 'expose':
      case 'plaintext-observed':
        this.queue.push(RECORD, r);
        if (this.queue.length >= QUEUED) this.fold();
        return;
      default:
        return;
    }
  };

  /** The content layer sent `msg` in clear, or MLS on a post-quantum suite. */
  sent(msg: string, how: { readonly clear: boolean; readonly pq: boolean }): void {
    this.queue.push(SENT, msg, how.clear, how.pq);
    if (this.queue.length >= QUEUED) this.fold();
  }

  /** A copy of `msg` was rendered at `device` with this feature fidelity; `fellBack` if not in full. */
  rendered(device: string, msg: string, fidelity: number, fellBack: boolean): void {
    this.queue.push(RENDERED, device, msg, fidelity, fellBack);
    if (this.queue.length >= QUEUED) this.fold();
  }

  /** Folds in what is queued, in order. */
  private fold(): void {
    const q = this.queue;
    for (let i = 0; i < q.length; ) {
      switch (q[i]) {
        case RECORD:
          this.onRecord(q[i + 1] as TraceRecord);
          i += 2;
          break;
        case RENDERED:
          this.onRendered(q[i + 1] as string, q[i + 2] as string, q[i + 3] as number, q[i + 4] as boolean);
          i += 5;
          break;
        default: {
          const m = this.messages.get(q[i + 1] as string);
          if (m !== undefined) (m.clear = q[i + 2] as boolean), (m.pq = q[i + 3] as boolean);
          i += 4;
        }
      }
    }
    q.length = 0;
  }

  private onRecord(r: TraceRecord): void {
    switch (r.type) {
      case 'send':
        return this.onSend(r.msg, r.from, r.to);
      case 'deliver': {
        const p = this.pairOf(r.msg, r.to);
        if (p !== undefined) (p.delivered++, p.latencies.push(r.latency));
        return;
      }
      case 'expose':
        return this.onExpose(r.msg, r.by, r.as);
      case 'plaintext-observed':
        return this.onExpose(r.msg, r.by, 'bridge');
      default:
        return;
    }
  }

  private onRendered(device: string, msg: string, fidelity: number, fellBack: boolean): void {
    const p = this.pairOf(msg, device);
    if (p === undefined) return;
    p.rendered++;
    p.fidelitySum += fidelity;
    if (fellBack) p.fellBack++;
  }

  /** The per-pair measures and the weakest-link measure, labelled by `run`'s arrangements. */
  report(run: RunInfo, providers: readonly string[], sources: Omit<PairSources, 'party'>): PerPairReport {
    this.fold();
    const exposed = new Map<string, { copies: number; points: number; forgers: number; clear: number; roles: Map<ExposureRole, number> }>();
    const crossings: MessageCrossing[] = [];
    for (const [msg, m] of this.messages) {
      const forgers = sources.forgersOf(msg);
      const readers = m.readers?.size ?? 0;
      for (let j = 0; j < m.homes.length; j++) {
        const to = this.homeNames[m.homes[j]!]!;
        const n = m.copies[j]!;
        const key = pairKey(m.from, to);
        let e = exposed.get(key);
        if (e === undefined) exposed.set(key, (e = { copies: 0, points: 0, forgers: 0, clear: 0, roles: new Map() }));
        if (readers > 0) e.copies += n;
        e.points += n * readers;
        e.forgers += n * forgers;
        if (m.clear) e.clear += n;
        if (m.readers !== undefined) for (const role of m.readers.values()) e.roles.set(role, (e.roles.get(role) ?? 0) + n);
      }
      crossings.push({ from: m.from, to: m.homes.map((h) => this.homeNames[h]!), clear: m.clear, pq: m.pq });
    }
    const order = new Map(providers.map((p, i) => [p, i]));
    const rank = (p: string) => order.get(p) ?? providers.length;
    const keys: [string, string][] = [];
    for (const [from, row] of this.pairs) for (const to of row.keys()) keys.push([from, to]);
    keys.sort(([a1, b1], [a2, b2]) => rank(a1) - rank(a2) || (a1 < a2 ? -1 : a1 > a2 ? 1 : 0) || rank(b1) - rank(b2) || (b1 < b2 ? -1 : b1 > b2 ? 1 : 0));
    const pct = (n: number, of: number) => (of === 0 ? NaN : (100 * n) / of);
    const pairs: PairMetrics[] = keys.map(([from, to]) => {
      const p = this.pairs.get(from)!.get(to)!;
      const e = exposed.get(pairKey(from, to)) ?? { copies: 0, points: 0, forgers: 0, clear: 0, roles: new Map<ExposureRole, number>() };
      const [p50, p95] = percentiles(p.latencies, [50, 95]).map((us) => us / 1000);
      const label = arrangementBetween(run, from, to);
      const people = [...p.persons];
      return {
        from,
        to,
        arrangement: label.arrangement,
        protocols: label.protocols,
        messages: p.messages,
        copies: p.copies,
        delivered: p.delivered,
        deliveryRatio: p.copies === 0 ? NaN : p.delivered / p.copies,
        e2eePreservedPct: pct(p.copies - e.copies, p.copies),
        exposurePerCopy: p.copies === 0 ? NaN : e.points / p.copies,
        exposuresByRole: Object.fromEntries([...e.roles].sort(([a], [b]) => (a < b ? -1 : 1))),
        forgeryCapablePerCopy: p.copies === 0 ? NaN : e.forgers / p.copies,
        latencyP50Ms: p50!,
        latencyP95Ms: p95!,
        rendered: p.rendered,
        featureFidelity: p.rendered === 0 ? NaN : p.fidelitySum / p.rendered,
        contentFallbackPct: pct(p.fellBack, p.rendered),
        cleartextPct: pct(e.clear, p.copies),
        misdeliveredPct: pct(p.strangers, p.copies),
        accountsPerUser: people.length === 0 ? NaN : people.reduce((s, x) => s + sources.accountsOf(x), 0) / people.length,
      };
    });
    const seen = [...new Set([...providers, ...keys.flatMap(([a, b]) => [a, b])])];
    return { uniform: isUniform(run), providers: seen, pairs, weakestLink: weakestLink(run, providers, crossings) };
  }

  /** A device's slot: its party (remembered once the population knows it; infrastructure counts at the server its id names) and home index. */
  private slot(device: string): DeviceSlot {
    const known = this.devices.get(device);
    if (known !== undefined) return known;
    const p = this.sources.party(device);
    if (p === undefined) {
      const home = device.split('/')[0]!;
      return { party: { person: device, home }, home: this.home(home), inPair: undefined, known: false };
    }
    const slot: DeviceSlot = { party: p, home: this.home(p.home), inPair: undefined, known: true };
    this.devices.set(device, slot);
    return slot;
  }

  private home(name: string): number {
    let i = this.homeIndex.get(name);
    if (i === undefined) {
      this.homeIndex.set(name, (i = this.homeNames.length));
      this.homeNames.push(name);
      this.rows.push([]);
    }
    return i;
  }

  /** The pair from home `from` to home `to` (indexes), made when first needed. */
  private pair(row: (PairState | undefined)[], from: number, to: number): PairState {
    let p = row[to];
    if (p === undefined) {
      row[to] = p = { copies: 0, messages: 0, delivered: 0, latencies: [], rendered: 0, fidelitySum: 0, fellBack: 0, strangers: 0, persons: new Set() };
      const fromName = this.homeNames[from]!;
      let named = this.pairs.get(fromName);
      if (named === undefined) this.pairs.set(fromName, (named = new Map()));
      named.set(this.homeNames[to]!, p);
    }
    return p;
  }

  private onSend(msg: string, from: string, to: readonly string[]): void {
    if (to.length === 0) return;
    this.lastMsg = undefined;
    const sender = this.slot(from);
    const person = sender.party.person;
    const row = this.rows[sender.home]!;
    const m: MessageState = { from: sender.party.home, row, person, homes: [], copies: [], readers: undefined, clear: false, pq: false };
    this.messages.set(msg, m);
    const { homes, copies } = m;
    for (let i = 0; i < to.length; i++) {
      const r = this.slot(to[i]!);
      const p = this.pair(row, sender.home, r.home);
      let j = 0;
      while (j < homes.length && homes[j] !== r.home) j++;
      if (j === homes.length) {
        homes.push(r.home);
        copies.push(1);
        p.messages++;
        if (sender.inPair !== p) (p.persons.add(person), (sender.inPair = p));
      } else copies[j]!++;
      p.copies++;
      if (r.inPair !== p) (p.persons.add(r.party.person), (r.inPair = p));
    }
  }

  private onExpose(msg: string, by: string, as: ExposureRole): void {
    const m = this.messages.get(msg);
    if (m === undefined) return;
    if (as === 'stranger') {
      const p = m.row[this.slot(by).home];
      if (p !== undefined) p.strangers++;
      return;
    }
    (m.readers ??= new Map()).set(by, as);
  }

  private pairOf(msg: string, device: string): PairState | undefined {
    if (msg === this.lastMsg && device === this.lastDevice) return this.lastPair;
    const m = this.messages.get(msg);
    if (m === undefined) return undefined;
    const s = this.slot(device);
    const p = m.row[s.home];
    // Remembered only for a device whose party is settled (and until the next send).
    if (s.known) (this.lastMsg = msg), (this.lastDevice = device), (this.lastPair = p);
    return p;
  }
}
