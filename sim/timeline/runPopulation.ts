import { RandomStreams } from '../core/randomStreams.ts';
import { fastRandom } from './fastRandom.ts';
import { initialHoldings, popcount } from './initialHoldings.ts';
import type { InputValues } from './inputs.ts';
import { linkTable, policyKey, type LinkTable } from './linkTable.ts';
import type { Timeline, Variant } from './loadTimeline.ts';
import { formatMonth } from './month.ts';
import { monthlyPolicies, type MonthPolicy } from './policy.ts';
import { socialGraph } from './socialGraph.ts';
import { CarrierIndex } from './worlds.ts';

/** Monthly series of one population run (one variant, one seed, one set of inputs). */
export interface PopulationRun {
  readonly variant: string;
  readonly seed: string;
  readonly agents: number;
  readonly months: readonly string[];
  /** Name -> one value per month (shares in 0..1 unless the name says otherwise). */
  readonly series: Readonly<Record<string, readonly number[]>>;
  /** Carrier key -> share of all messages it carried, per month. */
  readonly traffic: Readonly<Record<string, readonly number[]>>;
  /** Contact pairs simulated. */
  readonly contactPairs: number;
}

export interface PopulationOptions {
  readonly seed: string;
  readonly agents: number;
  readonly inputs?: InputValues;
  /** Called after each month with the fraction done. */
  readonly onMonth?: (fraction: number) => void;
}

/**
 * The population level: sampled agents on a social graph, each month some reconsider their apps
 * (install, drop, move their main app, opt in to third-party chats) by the value of whom they reach
 * against the cost of holding apps, under the month's policy. Pure and deterministic from the seed:
 * every draw comes from a named stream; variants share the graph, the start and the decision draws
 * (common random numbers), so their differences are the policy's.
 */
export function runPopulation(t: Timeline, variant: Variant, opts: PopulationOptions): PopulationRun {
  const inputs = opts.inputs ?? t.inputs;
  const n = opts.agents;
  const K = t.providers.length;
  const appMask = (1 << K) - 1;
  const streams = new RandomStreams(String(opts.seed));
  const { main, apps } = initialHoldings(n, t.providers, inputs, fastRandom(streams.stream('timeline/holdings')));
  const graph = socialGraph(n, main, K, inputs.contactsMean, inputs.homophily, fastRandom(streams.stream('timeline/graph')));
  const decide = fastRandom(streams.stream('timeline/decisions'));
  const arrive = fastRandom(streams.stream('timeline/arrivals'));
  const wishRng = fastRandom(streams.stream('timeline/leave-wish'));
  // Users who would rather not use the gatekeeper's apps (drawn once, the same in every variant).
  const leaver = new Uint8Array(n).map(() => (wishRng.next() < inputs.leaveWish ? 1 : 0));
  const opt = new Uint8Array(n);
  // Where each user lives and which client platform they use (own streams: the other draws do not shift).
  const region = drawCategory(n, t.spec.users.regions, fastRandom(streams.stream('timeline/region')));
  const platform = drawCategory(n, t.spec.users.platforms, fastRandom(streams.stream('timeline/platform')));
  let eligibleKey = '';
  let eligible: Uint8Array = new Uint8Array(n).fill(1);
  // One byte per agent when the key (K app bits + the opt-in bit) fits: half the memory traffic at 1 M agents.
  const key: Uint8Array | Uint16Array = K <= 7 ? new Uint8Array(n) : new Uint16Array(n);
  const policies = monthlyPolicies(t, variant);
  const carriers = new CarrierIndex();
  const weights = { oneToOne: Math.max(0, 1 - inputs.groupsWeight - inputs.callsWeight), groups: inputs.groupsWeight, calls: inputs.callsWeight };
  const tables = new Map<string, LinkTable>();
  const pop = new Uint8Array(1 << K).map((_, m) => popcount(m));
  const maxQ = new Float64Array(1 << K).map((_, m) => Math.max(0, ...t.providers.filter((p) => (m & (1 << p.index)) !== 0).map((p) => p.quality)));
  const gkMask = t.providers.reduce((m, p) => (p.role === 'gatekeeper' ? m | (1 << p.index) : m), 0);
  const series: Record<string, number[]> = {};
  const put = (name: string, v: number) => (series[name] ??= []).push(v);
  const traffic: number[][] = [];
  let optInWasOn = false;
  const w = inputs.networkEffectWeight;
  const a1 = inputs.networkValueExponent - 1;
  const utility = (mask: number, reach: number, d: number, dislike: number) => w * Math.pow(reach / d, a1) + (1 - w) * maxQ[mask]! - inputs.holdingCost * pop[mask]! - dislike * pop[mask & gkMask]!;
  const sums = new Float64Array(K);
  const moves = new Float64Array(K);
  const pairCount = new Int32Array(1 << (2 * (K + 1)));
  const candK = new Int32Array(K);
  const rowAlt = new Int32Array(K);
  const rowOne = new Int32Array(K);
  const rowMove = new Int32Array(K);
  const single = new Float64Array(K);
  for (let i = 0; i < policies.length; i++) {
    const policy = policies[i]!;
    const pk = policyKey(policy);
    let table = tables.get(pk);
    if (table === undefined) tables.set(pk, (table = linkTable(t.providers, policy, weights, carriers)));
    // Arrivals: an entrant's first adopters install it the month it arrives.
    for (const p of t.providers) {
      if (p.arrivesMonth !== policy.month) continue;
      for (let u = 0; u < n; u++) if (arrive.next() < p.seedShare) apps[u]! |= 1 << p.index;
    }
    const ek = JSON.stringify(policy.eligible);
    if (ek !== eligibleKey) {
      eligibleKey = ek;
      eligible = eligibility(policy.eligible, region, platform, t.spec.users);
    }
    if (policy.optInDefaultOn && !optInWasOn) for (let u = 0; u < n; u++) opt[u] = eligible[u]!;
    optInWasOn = policy.optInDefaultOn;
    for (let u = 0; u < n; u++) key[u] = apps[u]! | (opt[u]! << K);
    decideMonth(policy, table);
    measureMonth(policy, table);
    opts.onMonth?.((i + 1) / policies.length);
  }

  function decideMonth(policy: MonthPolicy, table: LinkTable): void {
    const M = table.keys;
    const value = table.value;
    const installs = new Int32Array(K);
    const cap = inputs.maxMonthlyAdoption * n;
    const present = policy.present;
    for (let u = 0; u < n; u++) {
      if (decide.next() >= inputs.revisionRate) continue;
      const S = apps[u]!;
      const o = opt[u]!;
      const from = graph.offsets[u]!;
      const to = graph.offsets[u + 1]!;
      const d = to - from;
      sums.fill(0);
      single.fill(0);
      moves.fill(0);
      const dislike = leaver[u] === 1 ? inputs.gatekeeperDislike : 0;
      // A move: install k and leave every gatekeeper app at once (considered by those who would leave).
      const canMove = dislike > 0 && (S & gkMask) !== 0;
      const keep = S & ~gkMask;
      let cur = 0;
      let withOpt = 0;
      const canOpt = policy.optInOffered && o === 0 && eligible[u] === 1 && (S & gkMask) !== 0;
      const rowS = (S | (o << K)) * M;
      const rowOpt = (S | (1 << K)) * M;
      // Each candidate's table row, once per agent (not per contact): add or drop k, k alone, move to k.
      let na = 0;
      for (let k = 0; k < K; k++) {
        if (!present[k]) continue;
        const bit = 1 << k;
        const alt = (S & bit) === 0 ? S | bit : S & ~bit;
        candK[na] = k;
        rowAlt[na] = alt === 0 ? -1 : (alt | (o << K)) * M;
        rowOne[na] = (S & bit) !== 0 ? (bit | (o << K)) * M : -1;
        rowMove[na] = canMove && (gkMask & bit) === 0 ? ((keep | bit) | (o << K)) * M : -1;
        na++;
      }
      for (let e = from; e < to; e++) {
        const kv = key[graph.targets[e]!]!;
        cur += value[rowS + kv]!;
        if (canOpt) withOpt += value[rowOpt + kv]!;
        for (let j = 0; j < na; j++) {
          const k = candK[j]!;
          const ra = rowAlt[j]!;
          if (ra >= 0) sums[k]! += value[ra + kv]!;
          const r1 = rowOne[j]!;
          if (r1 >= 0) single[k]! += value[r1 + kv]!;
          const rm = rowMove[j]!;
          if (rm >= 0) moves[k]! += value[rm + kv]!;
        }
      }
      if (canOpt && decide.next() < inputs.optInWillingness * (withOpt > cur ? 1 : inputs.optInWithoutNeed)) {
        opt[u] = 1;
        key[u] = S | (1 << K);
      }
      const base = utility(S, cur, d, dislike);
      let bestAdd = -1, gainAdd = 0, bestDrop = -1, gainDrop = 0, bestMove = -1, gainMove = 0;
      for (let k = 0; k < K; k++) {
        if (!present[k]) continue;
        const bit = 1 << k;
        if ((S & bit) === 0) {
          const g = utility(S | bit, sums[k]!, d, dislike) - base;
          if (g > gainAdd) (gainAdd = g), (bestAdd = k);
        } else if ((S & ~bit) !== 0) {
          const g = utility(S & ~bit, sums[k]!, d, dislike) - base;
          if (g > gainDrop) (gainDrop = g), (bestDrop = k);
        }
        if (canMove && (gkMask & bit) === 0) {
          const g = utility(keep | bit, moves[k]!, d, dislike) - base;
          if (g > gainMove) (gainMove = g), (bestMove = k);
        }
      }
      const r = decide.next();
      if (bestMove >= 0 && gainMove > gainAdd && gainMove > gainDrop) {
        // Moving conversations is hard (Griggio et al. 2022: 74% of those who wanted to move failed).
        if (r < inputs.switchSuccess && ((S & (1 << bestMove)) !== 0 || installs[bestMove]! < cap)) {
          if ((S & (1 << bestMove)) === 0) installs[bestMove]!++;
          apps[u] = keep | (1 << bestMove);
        }
      } else if (bestAdd >= 0 && r < inputs.installRate && installs[bestAdd]! < cap) {
        installs[bestAdd]!++;
        apps[u] = S | (1 << bestAdd);
      } else if (bestAdd < 0 && bestDrop >= 0 && r < inputs.dropRate) {
        apps[u] = S & ~(1 << bestDrop);
      }
      key[u] = apps[u]! | (opt[u]! << K);
      // Main app: the held app that alone reaches most (quality breaks near-ties); moving is hard.
      const m = main[u]!;
      let best = (apps[u]! & (1 << m)) !== 0 ? m : -1;
      for (let k = 0; k < K; k++) {
        if ((apps[u]! & (1 << k)) === 0 || k === best) continue;
        if (best < 0 || single[k]! + (1 - w) * d * t.providers[k]!.quality > single[best]! + (1 - w) * d * t.providers[best]!.quality) best = k;
      }
      if (best !== m && ((apps[u]! & (1 << m)) === 0 || decide.next() < inputs.switchSuccess)) main[u] = best;
    }
  }

  function measureMonth(policy: MonthPolicy, table: LinkTable): void {
    const M = table.keys;
    const { reach, carrier1, carrierG } = table;
    // Every contact pair's statistics depend only on its two keys: count pairs per key pair (one
    // increment per contact pair), then read reach and carriers once per key pair.
    pairCount.fill(0);
    const targets = graph.targets;
    const offsets = graph.offsets;
    for (let u = 0; u < n; u++) {
      const row = key[u]! * M;
      for (let e = offsets[u]!, end = offsets[u + 1]!; e < end; e++) pairCount[row + key[targets[e]!]!]!++;
    }
    let pairs = 0, r1 = 0, rG = 0, rC = 0, cross = 0, c1 = 0, cG = 0, cC = 0;
    const carried = new Float64Array(carriers.keys.length + 1);
    for (let i = 0; i < M * M; i++) {
      const c = pairCount[i]!;
      if (c === 0) continue;
      const r = reach[i]!;
      pairs += c;
      r1 += c * (r & 1);
      rG += c * ((r >> 1) & 1);
      rC += c * (r >> 2);
      if (((i / M) & (i % M) & appMask) === 0) {
        cross += c;
        c1 += c * (r & 1);
        cG += c * ((r >> 1) & 1);
        cC += c * (r >> 2);
      }
      const x = carrier1[i]!;
      if (x >= 0) carried[x]! += c;
      const y = carrierG[i]!;
      if (y >= 0) carried[y]! += c;
    }
    put('reach.oneToOne', r1 / pairs);
    put('reach.groups', rG / pairs);
    put('reach.calls', rC / pairs);
    put('crossPairs', cross / pairs);
    put('crossReach.oneToOne', cross === 0 ? 0 : c1 / cross);
    put('crossReach.groups', cross === 0 ? 0 : cG / cross);
    put('crossReach.calls', cross === 0 ? 0 : cC / cross);
    let total = 0;
    for (const c of carried) total += c;
    traffic.push(Array.from(carried.slice(0, carriers.keys.length), (c) => (total === 0 ? 0 : c / total)));
    const crossCarried = carriers.keys.reduce((s, k, j) => (k.startsWith('native/') ? s : s + carried[j]!), 0);
    put('crossMessages', total === 0 ? 0 : crossCarried / total);
    let held = 0, multi = 0, gkUsers = 0, opted = 0;
    const holds = new Float64Array(K);
    const mains = new Float64Array(K);
    for (let u = 0; u < n; u++) {
      const a = apps[u]! & appMask;
      held += pop[a]!;
      if (pop[a]! >= 2) multi++;
      if ((a & gkMask) !== 0) {
        gkUsers++;
        opted += opt[u]!;
      }
      for (let k = 0; k < K; k++) if ((a & (1 << k)) !== 0) holds[k]!++;
      mains[main[u]!]!++;
    }
    put('appsPerUser', held / n);
    put('multiHoming', multi / n);
    put('optedIn', gkUsers === 0 ? 0 : opted / gkUsers);
    for (const p of t.providers) {
      put(`holds.${p.id}`, holds[p.index]! / n);
      put(`main.${p.id}`, mains[p.index]! / n);
    }
    void policy;
  }

  const months = policies.map((p) => formatMonth(p.month));
  const trafficByKey = Object.fromEntries(carriers.keys.map((k, j) => [k, traffic.map((row) => row[j] ?? 0)]));
  return { variant: variant.name, seed: String(opts.seed), agents: n, months, series, traffic: trafficByKey, contactPairs: graph.targets.length };
}

/** Each agent's category (index into the map's keys, in order) drawn by its share. */
function drawCategory(n: number, shares: Readonly<Record<string, number>>, rng: { next(): number }): Uint8Array {
  const cum: number[] = [];
  let c = 0;
  for (const v of Object.values(shares)) cum.push((c += v));
  const out = new Uint8Array(n);
  if (cum.length <= 1) return out;
  for (let u = 0; u < n; u++) {
    const x = rng.next() * c;
    let k = 0;
    while (k < cum.length - 1 && x >= cum[k]!) k++;
    out[u] = k;
  }
  return out;
}

/** 1 for agents the offer serves: in one of its regions and on one of its platforms (all when it names none). */
function eligibility(e: MonthPolicy['eligible'], region: Uint8Array, platform: Uint8Array, users: { regions: Record<string, number>; platforms: Record<string, number> }): Uint8Array {
  const okRegion = Object.keys(users.regions).map((r) => e.regions === undefined || e.regions.includes(r));
  const okPlatform = Object.keys(users.platforms).map((p) => e.platforms === undefined || e.platforms.includes(p));
  return region.map((r, u) => (okRegion[r]! && okPlatform[platform[u]!]! ? 1 : 0));
}
