import type { FastRandom } from './fastRandom.ts';

/**
 * Who talks to whom: each agent's contacts as a compressed row list. Degrees are geometric-like
 * (exponential, mean contactsMean, at least 1); with probability `homophily` a contact is drawn among the
 * agents with the same main app, otherwise among everyone. Contacts are directed (u lists v): a
 * "contact pair" below is one such entry.
 */
export interface SocialGraph {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

export function socialGraph(n: number, main: Int8Array, groups: number, contactsMean: number, homophily: number, rng: FastRandom): SocialGraph {
  const byMain: number[][] = Array.from({ length: groups }, () => []);
  for (let u = 0; u < n; u++) byMain[main[u]!]!.push(u);
  const buckets = byMain.map((b) => Int32Array.from(b));
  const offsets = new Int32Array(n + 1);
  const degree = new Int32Array(n);
  let total = 0;
  for (let u = 0; u < n; u++) {
    const d = Math.max(1, Math.round(-Math.log(1 - rng.next()) * contactsMean));
    degree[u] = Math.min(d, n - 1, 20 * contactsMean);
    total += degree[u]!;
  }
  const targets = new Int32Array(total);
  let at = 0;
  for (let u = 0; u < n; u++) {
    offsets[u] = at;
    const own = buckets[main[u]!]!;
    for (let j = 0; j < degree[u]!; j++) {
      let v: number;
      do v = own.length > 1 && rng.next() < homophily ? own[rng.below(own.length)]! : rng.below(n);
      while (v === u);
      targets[at++] = v;
    }
  }
  offsets[n] = at;
  return { offsets, targets };
}
