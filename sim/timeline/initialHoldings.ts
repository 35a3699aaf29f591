import type { FastRandom } from './fastRandom.ts';
import type { InputValues } from './inputs.ts';
import type { Provider } from './loadTimeline.ts';

/** Each agent's main app and app set at the start. */
export interface Holdings {
  readonly main: Int8Array;
  readonly apps: Uint8Array;
}

const pickWeighted = (ps: readonly Provider[], weight: (p: Provider) => number, rng: FastRandom): Provider | undefined => {
  const total = ps.reduce((s, p) => s + weight(p), 0);
  if (total <= 0) return undefined;
  let x = rng.next() * total;
  for (const p of ps) if ((x -= weight(p)) < 0) return p;
  return ps[ps.length - 1];
};

/**
 * Main app from the main-service shares (Ofcom), then a gatekeeper app for those whose main app is not one
 * until gatekeeperReach holds one (WIK), then an alternative (weighted by platform size) until
 * alternativeReach do (WIK), then extra apps (not alternatives, which keep the WIK share) by platform size until the mean is appsPerUser (Ofcom).
 */
export function initialHoldings(n: number, providers: readonly Provider[], inputs: InputValues, rng: FastRandom): Holdings {
  const atStart = providers.filter((p) => p.arrivesMonth === undefined);
  const main = new Int8Array(n);
  const apps = new Uint8Array(n);
  const gks = atStart.filter((p) => p.role === 'gatekeeper');
  const alts = atStart.filter((p) => p.role === 'alternative');
  const mainTotal = atStart.reduce((s, p) => s + p.mainShare, 0);
  const share = (ps: readonly Provider[]) => ps.reduce((s, p) => s + p.mainShare, 0) / mainTotal;
  const pGk = gks.length === 0 ? 0 : Math.max(0, Math.min(1, (inputs.gatekeeperReach - share(gks)) / (1 - share(gks))));
  const pAlt = alts.length === 0 ? 0 : Math.max(0, Math.min(1, (inputs.alternativeReach - share(alts)) / (1 - share(alts))));
  let held = 0;
  for (let u = 0; u < n; u++) {
    const m = pickWeighted(atStart, (p) => p.mainShare, rng)!;
    main[u] = m.index;
    let mask = 1 << m.index;
    if (m.role !== 'gatekeeper' && rng.next() < pGk) mask |= 1 << pickWeighted(gks, (p) => p.sizeMillions, rng)!.index;
    if (m.role !== 'alternative' && rng.next() < pAlt) mask |= 1 << pickWeighted(alts, (p) => p.sizeMillions, rng)!.index;
    apps[u] = mask;
    held += popcount(mask);
  }
  const deficit = inputs.appsPerUser - held / n;
  for (let u = 0; u < n && deficit > 0; u++) {
    for (let j = 0; j < Math.ceil(deficit); j++) {
      if (rng.next() >= Math.min(1, deficit - j)) continue;
      const extra = pickWeighted(atStart, (p) => (p.role !== 'alternative' && (apps[u]! & (1 << p.index)) === 0 ? p.sizeMillions : 0), rng);
      if (extra !== undefined) apps[u]! |= 1 << extra.index;
    }
  }
  return { main, apps };
}

export function popcount(x: number): number {
  let c = 0;
  for (; x !== 0; x &= x - 1) c++;
  return c;
}
