import type { SimTime } from '../core/index.ts';
import type { ContentRuntime } from '../actors/content/contentRuntime.ts';

/** One bucket of the time series: groups alive at its end, messages sent during it. */
export interface ContentBucket {
  /** End of the bucket, virtual seconds. */
  readonly t: number;
  readonly groups: number;
  readonly pqGroups: number;
  readonly messages: number;
  readonly pqMessages: number;
  readonly clearMessages: number;
  /** Per provider: percent of its clients running an upgraded version at the bucket's end. */
  readonly upgradedPct: Readonly<Record<string, number>>;
}

/** What the content layer measured: fidelity, fallbacks, indicators and post-quantum coverage. */
export interface ContentSummary {
  readonly messages: number;
  readonly enhancedMessages: number;
  /** Messages whose lowest common denominator cost some member a part it could render, in percent of messages. */
  readonly lcdHitPct: number;
  readonly partsDropped: number;
  /** Rendering outcome per recipient copy read. */
  readonly outcomes: { readonly full: number; readonly fallback: number; readonly unreadable: number };
  /** Mean feature fidelity over (message, recipient) copies read; per conversation below. */
  readonly featureFidelity: number;
  readonly fidelityByConversation: Readonly<Record<string, number>>;
  /** Copies that fell back: rendered as basic text plus descriptions, or unreadable, in percent of copies read. */
  readonly fallbackPct: number;
  /** Messages sent in clear over the transport fallback, in percent of all messages sent (MLS and clear). */
  readonly cleartextPct: number;
  readonly clearMessages: number;
  readonly unreachableDevices: number;
  readonly indicators: { readonly verified: number; readonly encrypted: number; readonly 'not-encrypted': number };
  readonly upgrades: number;
  readonly migrations: number;
  readonly capabilityRejections: number;
  readonly groupsCreated: number;
  readonly pqGroupsCreated: number;
  /** Post-quantum share of MLS messages sent over the whole run, in percent. */
  readonly pqMessagesPct: number;
  readonly bucketSeconds: number;
  readonly timeSeries: readonly ContentBucket[];
}

export function summarizeContent(rt: ContentRuntime, bucketSeconds: number, endOfRun: SimTime): ContentSummary {
  const s = rt.stats;
  const read = s.full + s.fallback + s.unreadable;
  const fidelityByConversation: Record<string, number> = {};
  for (const [c, g] of [...s.byConversation].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) fidelityByConversation[c] = g.sum / g.copies;
  const mls = rt.sends.filter((x) => !x.clear);
  const all = rt.sends.length;
  const width = Math.round(bucketSeconds * 1e6);
  const buckets: ContentBucket[] = [];
  const byProvider = new Map<string, (SimTime | undefined)[]>();
  for (const [device, t] of [...rt.upgradedAt].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const p = device.slice(0, device.indexOf('/'));
    byProvider.set(p, [...(byProvider.get(p) ?? []), t]);
  }
  for (let end = width; end - width < endOfRun; end += width) {
    const alive = [...rt.groupLife.values()].filter((g) => g.from <= end && (g.to === undefined || g.to > end));
    const sent = rt.sends.filter((x) => x.t > end - width && x.t <= end);
    buckets.push({
      t: end / 1e6,
      groups: alive.length,
      pqGroups: alive.filter((g) => g.pq).length,
      messages: sent.length,
      pqMessages: sent.filter((x) => x.pq).length,
      clearMessages: sent.filter((x) => x.clear).length,
      upgradedPct: Object.fromEntries([...byProvider].map(([p, ts]) => [p, (100 * ts.filter((t) => t !== undefined && t <= end).length) / ts.length])),
    });
  }
  return {
    messages: s.messages,
    enhancedMessages: s.enhancedMessages,
    lcdHitPct: s.messages === 0 ? 0 : (100 * s.lcdHits) / s.messages,
    partsDropped: s.partsDropped,
    outcomes: { full: s.full, fallback: s.fallback, unreadable: s.unreadable },
    featureFidelity: read === 0 ? 0 : s.fidelitySum / read,
    fidelityByConversation,
    fallbackPct: read === 0 ? 0 : (100 * (s.fallback + s.unreadable)) / read,
    cleartextPct: all === 0 ? 0 : (100 * s.clearMessages) / all,
    clearMessages: s.clearMessages,
    unreachableDevices: s.unreachableDevices,
    indicators: { ...s.indicators },
    upgrades: s.upgrades,
    migrations: s.migrations,
    capabilityRejections: s.capabilityRejections,
    groupsCreated: s.groupsCreated,
    pqGroupsCreated: s.pqGroupsCreated,
    pqMessagesPct: mls.length === 0 ? 0 : (100 * mls.filter((x) => x.pq).length) / mls.length,
    bucketSeconds,
    timeSeries: buckets,
  };
}
