import type { MessageId, NodeId } from '../../core/index.ts';
import type { Trace } from '../../trace/index.ts';
import type { Header } from '../protocol.ts';

/**
 * Who talks to whom, as people: the social graph a metadata attacker tries to rebuild. A device
 * `provB/u3-provA/d0` is an account u3 of provA opened at provB (silo, multi-protocol client): the
 * same person as `provA/u3/d0`. Infrastructure members (a bridge's gateway) are nobody.
 */
export class TalkPairs {
  private readonly pairs = new Set<string>();

  constructor(private readonly providers: ReadonlySet<string>) {}

  /** The person behind a device, or undefined for infrastructure. */
  personOf(device: string): string | undefined {
    const [home, local] = device.split('/');
    if (home === undefined || local === undefined || !this.providers.has(home)) return undefined;
    const dash = local.lastIndexOf('-');
    if (dash > 0 && this.providers.has(local.slice(dash + 1))) return `${local.slice(0, dash)}@${local.slice(dash + 1)}`;
    return `${local}@${home}`;
  }

  /** Records that `from` talked to each of `to` (devices). */
  add(from: string, to: readonly string[]): void {
    const a = this.personOf(from);
    if (a === undefined) return;
    for (const d of to) {
      const b = this.personOf(d);
      if (b !== undefined && b !== a) this.pairs.add(a < b ? `${a}|${b}` : `${b}|${a}`);
    }
  }

  has(pair: string): boolean {
    return this.pairs.has(pair);
  }

  get size(): number {
    return this.pairs.size;
  }

  keys(): IterableIterator<string> {
    return this.pairs.values();
  }

  /** Learned pairs that are true, against `truth`. */
  correctAgainst(truth: TalkPairs): number {
    let n = 0;
    for (const p of this.pairs) if (truth.has(p)) n++;
    return n;
  }
}

/** The ground truth: every pair of people an application message really went between (the ledger's sends). */
export function groundTruthPairs(trace: Trace, providers: ReadonlySet<string>): TalkPairs {
  const truth = new TalkPairs(providers);
  trace.subscribe((r) => {
    if (r.type === 'send' && r.kind === 'application') truth.add(r.from, r.to);
  });
  return truth;
}

/**
 * What an observer rebuilds from routing headers: for each message id, the senders and recipients it
 * saw (a relay that re-encrypts keeps the message id on both sides, so a bridge links the two).
 */
export class HeaderPairs {
  readonly learned: TalkPairs;
  private readonly senders = new Map<MessageId, Set<string>>();
  private readonly recipients = new Map<MessageId, Set<string>>();
  envelopes = 0;
  bytes = 0;

  constructor(providers: ReadonlySet<string>) {
    this.learned = new TalkPairs(providers);
  }

  /** An app header seen; `sender` is what the observer could tell of the sender (undefined if hidden). */
  see(h: Extract<Header, { op: 'app' }>, sender: NodeId | undefined): void {
    const s = this.senders.get(h.msg) ?? new Set<string>();
    const r = this.recipients.get(h.msg) ?? new Set<string>();
    this.senders.set(h.msg, s);
    this.recipients.set(h.msg, r);
    if (sender !== undefined) s.add(sender);
    for (const d of h.recipients) r.add(d);
    for (const from of s) this.learned.add(from, [...r]);
  }
}
