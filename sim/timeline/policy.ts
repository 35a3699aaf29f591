import type { Phase, Provider, Timeline, Variant } from './loadTimeline.ts';
import type { MonthIndex } from './month.ts';
import { FEATURES, type ArrangementKind, type Feature, type OfferSpec, type Protocol } from './timelineSpec.ts';

/** Bit of each feature in a link's feature set. */
export const FEATURE_BIT: Readonly<Record<Feature, number>> = { oneToOne: 1, groups: 2, calls: 4 };

/** One arrangement in force between two providers. */
export interface Link {
  readonly arrangement: ArrangementKind;
  readonly protocol: Protocol;
  /** FEATURE_BIT set. */
  readonly features: number;
  readonly quality: number;
  /** Gatekeeper-side users must have turned third-party chats on. */
  readonly optInRequired: boolean;
}

/** The policy in force in one month: who is present, and the arrangement of each provider pair. */
export interface MonthPolicy {
  readonly month: MonthIndex;
  /** Index of the last effective phase in force (effectivePhases), -1 before the first. */
  readonly phase: number;
  readonly present: readonly boolean[];
  /** links[a][b], a != b; undefined: no interoperability. Symmetric. */
  readonly links: readonly (readonly (Link | undefined)[])[];
  /** An offer with opt-in off by default is in force (gatekeeper users must opt in). */
  readonly optInOffered: boolean;
  readonly optInDefaultOn: boolean;
  /** The offer's regions and platforms (absent: everyone): only gatekeeper users there can turn third-party chats on. */
  readonly eligible: { readonly regions?: readonly string[]; readonly platforms?: readonly string[] };
}

/**
 * Extensions move feature additions: a phase adding a feature for which an extension was granted earlier
 * is split, the feature arriving `months` later (DMA Art. 7(3) allows the Commission to extend the deadlines).
 */
export function effectivePhases(phases: readonly Phase[]): Phase[] {
  const delay: Partial<Record<Feature, number>> = {};
  const out: Phase[] = [];
  for (const ph of phases) {
    if (ph.extension !== undefined) delay[ph.extension.feature] = (delay[ph.extension.feature] ?? 0) + ph.extension.months;
    const delayed = (ph.addFeatures ?? []).filter((f) => (delay[f] ?? 0) > 0);
    if (delayed.length === 0) {
      out.push(ph);
      continue;
    }
    out.push({ ...ph, addFeatures: (ph.addFeatures ?? []).filter((f) => !delayed.includes(f)) });
    for (const f of delayed) {
      out.push({ date: ph.date, month: ph.month + delay[f]!, label: `${ph.label} (${f} after a ${delay[f]}-month extension)`, addFeatures: [f], ...(ph.source !== undefined && { source: ph.source }) });
      delay[f] = 0;
    }
  }
  return out.sort((a, b) => a.month - b.month);
}

const featureBits = (fs: readonly Feature[]): number => fs.reduce((b, f) => b | FEATURE_BIT[f], 0);

/** The policy of every month of the timeline, for one variant. Pure. */
export function monthlyPolicies(t: Timeline, variant: Variant): MonthPolicy[] {
  const phases = effectivePhases(variant.phases);
  const requested = new Map<number, MonthIndex>();
  const out: MonthPolicy[] = [];
  let offer: (OfferSpec & { features: Feature[] }) | null = null;
  let phase = -1;
  let next = 0;
  const K = t.providers.length;
  for (let i = 0; i < t.spec.months; i++) {
    const month = t.startMonth + i;
    while (next < phases.length && phases[next]!.month <= month) {
      const ph = phases[next]!;
      if (ph.offer !== undefined) offer = ph.offer === null ? null : { ...ph.offer, features: [...ph.offer.features] };
      if (offer !== null && ph.addFeatures !== undefined) offer.features = FEATURES.filter((f) => offer!.features.includes(f) || ph.addFeatures!.includes(f));
      for (const r of ph.requests ?? []) {
        const p = t.providers.find((x) => x.id === r)!;
        if (!requested.has(p.index)) requested.set(p.index, ph.month);
      }
      next++;
      phase = next - 1;
    }
    const present = t.providers.map((p) => p.arrivesMonth === undefined || p.arrivesMonth <= month);
    const links: (Link | undefined)[][] = Array.from({ length: K }, () => new Array<Link | undefined>(K).fill(undefined));
    if (offer !== null) {
      const link: Link = {
        arrangement: offer.arrangement,
        protocol: offer.protocol,
        features: featureBits(offer.features),
        quality: offer.quality ?? t.inputs.offerQuality,
        // An offer limited to some regions or platforms reaches only the gatekeeper users there: the opt-in bit marks them.
        optInRequired: offer.optIn === 'off-by-default' || offer.regions !== undefined || offer.platforms !== undefined,
      };
      for (const a of t.providers) {
        for (const b of t.providers) {
          if (a.index >= b.index || !present[a.index] || !present[b.index]) continue;
          if (live(t, offer.scope, a, b, requested, month)) links[a.index]![b.index] = links[b.index]![a.index] = link;
        }
      }
    }
    const eligible = offer === null ? {} : { ...(offer.regions !== undefined && { regions: offer.regions }), ...(offer.platforms !== undefined && { platforms: offer.platforms }) };
    out.push({ month, phase, present, links, optInOffered: offer !== null && offer.optIn === 'off-by-default', optInDefaultOn: offer !== null && offer.optIn === 'on-by-default', eligible });
  }
  return out;
}

/**
 * Whether the pair interoperates this month. all-pairs: every pair (a mandated standard). requesters:
 * a gatekeeper and a provider that asked, live requestToLiveMonths after the request (Art. 7(5)), and
 * not before the provider is present.
 */
function live(t: Timeline, scope: 'requesters' | 'all-pairs', a: Provider, b: Provider, requested: ReadonlyMap<number, MonthIndex>, month: MonthIndex): boolean {
  if (scope === 'all-pairs') return true;
  const gk = a.role === 'gatekeeper' ? a : b.role === 'gatekeeper' ? b : undefined;
  const other = gk === a ? b : a;
  if (gk === undefined || other.role === 'gatekeeper') return false;
  const r = requested.get(other.index);
  if (r === undefined) return false;
  const from = Math.max(r, other.arrivesMonth ?? r) + Math.round(t.inputs.requestToLiveMonths);
  return month >= from;
}
