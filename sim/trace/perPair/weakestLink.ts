import type { RunInfo } from './arrangement.ts';
import { arrangementBetween } from './arrangementBetween.ts';
import type { WeakestLink } from './pairMetrics.ts';
import { compareProtection, protectionName, protectionOf, type Protection } from './protection.ts';

/** One message as the weakest-link measure sees it: its sender's provider, its recipients' providers. */
export interface MessageCrossing {
  readonly from: string;
  readonly to: readonly string[];
  /** Sent in clear over the transport fallback. */
  readonly clear: boolean;
  /** Sent on a post-quantum suite. */
  readonly pq: boolean;
}

const CLEAR: Protection = { arrangement: 'cleartext', protocol: 'clear', pq: false };

/** The weakest protection a message crossed: its cleartext fallback, else the weakest pair it spanned. */
export function weakestOf(run: RunInfo, m: MessageCrossing): Protection {
  if (m.clear) return CLEAR;
  let weakest: Protection | undefined;
  for (const to of m.to) {
    const p = protectionOf(arrangementBetween(run, m.from, to), m.pq);
    if (weakest === undefined || compareProtection(p, weakest) < 0) weakest = p;
  }
  return weakest ?? protectionOf(arrangementBetween(run, m.from, m.from), m.pq);
}

/**
 * For each message, the weakest arrangement and protocol it crossed; for each provider, the share of
 * its users' messages (sent or received) protected less than it protects messages between its own
 * users. The promise compares level and protocol only: a suite is negotiated per group, by the
 * same rule inside a provider and across.
 */
export function weakestLink(run: RunInfo, providers: readonly string[], messages: Iterable<MessageCrossing>): WeakestLink {
  const byWeakest = new Map<string, number>();
  const promise = new Map(providers.map((p) => [p, protectionOf(arrangementBetween(run, p, p), false)]));
  const counts = new Map(providers.map((p) => [p, { messages: 0, below: 0 }]));
  for (const m of messages) {
    const weakest = weakestOf(run, m);
    const name = m.clear ? 'cleartext' : protectionName(weakest);
    byWeakest.set(name, (byWeakest.get(name) ?? 0) + 1);
    for (const p of new Set([m.from, ...m.to])) {
      const c = counts.get(p);
      if (c === undefined) continue;
      c.messages++;
      if (compareProtection(weakest, promise.get(p)!, false) < 0) c.below++;
    }
  }
  return {
    byWeakest: Object.fromEntries([...byWeakest].sort(([a], [b]) => (a < b ? -1 : 1))),
    providers: providers.map((p) => {
      const c = counts.get(p)!;
      return { provider: p, promise: protectionName(promise.get(p)!), messages: c.messages, belowPromise: c.below, belowPromisePct: c.messages === 0 ? 0 : (100 * c.below) / c.messages };
    }),
  };
}
