import type { Provider } from './loadTimeline.ts';
import type { MonthPolicy } from './policy.ts';
import { CarrierIndex } from './worlds.ts';

/**
 * Everything the population level needs to know about a pair of users, precomputed for every pair of
 * (app set, opted in) keys under one month's policy: an agent's key is its app bitmask plus an opt-in
 * bit above it, so a contact pair's reach, link value and carrier are three array reads.
 */
export interface LinkTable {
  /** Number of keys: 2^(K+1). */
  readonly keys: number;
  /** Value of the best link from key a to key b (native 1; through an arrangement: its quality, per feature weight). */
  readonly value: Float32Array;
  /** FEATURE_BIT set reachable from a to b. */
  readonly reach: Uint8Array;
  /** Carrier of 1:1 and of group traffic (-1: none). */
  readonly carrier1: Int16Array;
  readonly carrierG: Int16Array;
}

export interface FeatureWeights {
  readonly oneToOne: number;
  readonly groups: number;
  readonly calls: number;
}

export function linkTable(providers: readonly Provider[], policy: MonthPolicy, w: FeatureWeights, carriers: CarrierIndex): LinkTable {
  const K = providers.length;
  const appMask = (1 << K) - 1;
  const keys = 1 << (K + 1);
  const value = new Float32Array(keys * keys);
  const reach = new Uint8Array(keys * keys);
  const carrier1 = new Int16Array(keys * keys).fill(-1);
  const carrierG = new Int16Array(keys * keys).fill(-1);
  const native = providers.map((p) => carriers.id(p.e2eeByDefault ? { kind: 'native', protocol: p.protocol } : { kind: 'native-cleartext' }));
  const linkCarrier = policy.links.map((row) => row.map((l) => (l === undefined ? -1 : carriers.id({ kind: 'cross', arrangement: l.arrangement, protocol: l.protocol }))));
  const gk = providers.map((p) => p.role === 'gatekeeper');
  for (let a = 0; a < keys; a++) {
    const ma = a & appMask;
    const oa = a >> K;
    for (let b = 0; b < keys; b++) {
      const mb = b & appMask;
      const ob = b >> K;
      const i = a * keys + b;
      const common = ma & mb;
      if (common !== 0) {
        const first = 31 - Math.clz32(common & -common);
        value[i] = 1;
        reach[i] = 7;
        carrier1[i] = carrierG[i] = native[first]!;
        continue;
      }
      let q1 = 0, qG = 0, qC = 0, c1 = -1, cG = -1;
      for (let x = 0; x < K; x++) {
        if ((ma & (1 << x)) === 0) continue;
        for (let y = 0; y < K; y++) {
          if ((mb & (1 << y)) === 0) continue;
          const l = policy.links[x]![y];
          if (l === undefined) continue;
          if (l.optInRequired && ((gk[x] && oa === 0) || (gk[y] && ob === 0))) continue;
          if ((l.features & 1) !== 0 && l.quality > q1) (q1 = l.quality), (c1 = linkCarrier[x]![y]!);
          if ((l.features & 2) !== 0 && l.quality > qG) (qG = l.quality), (cG = linkCarrier[x]![y]!);
          if ((l.features & 4) !== 0 && l.quality > qC) qC = l.quality;
        }
      }
      value[i] = w.oneToOne * q1 + w.groups * qG + w.calls * qC;
      reach[i] = (q1 > 0 ? 1 : 0) | (qG > 0 ? 2 : 0) | (qC > 0 ? 4 : 0);
      carrier1[i] = c1;
      carrierG[i] = cG;
    }
  }
  return { keys, value, reach, carrier1, carrierG };
}

/** A string that changes exactly when linkTable's output would. */
export const policyKey = (p: MonthPolicy): string =>
  JSON.stringify(p.links.map((row) => row.map((l) => (l === undefined ? 0 : [l.arrangement, l.protocol, l.features, l.quality, l.optInRequired]))));
