import { bandOf, type Band } from './band.ts';
import { protocolSeries } from './combine.ts';
import { INPUT_NAMES, INPUTS, type InputName } from './inputs.ts';
import type { Timeline, Variant } from './loadTimeline.ts';
import { formatMonth } from './month.ts';
import { phaseWorlds, type WorldDoc } from './phaseWorlds.ts';
import { effectivePhases, monthlyPolicies } from './policy.ts';
import type { Measured } from './protocolLevel.ts';
import { runPopulation, type PopulationRun } from './runPopulation.ts';
import { tornado, type Tornado } from './tornado.ts';

export interface TimelineOptions {
  readonly seeds: number;
  readonly agents?: number;
  /** Variant names to run (default: all). */
  readonly variants?: readonly string[];
  /** One-at-a-time runs at each end of every input's range (tornado and input band). */
  readonly tornado: boolean;
  /** Runs the worlds of the protocol level; absent: every protocol-level figure is "not measured". */
  readonly protocol?: (worlds: readonly WorldDoc[]) => Promise<readonly Measured[]>;
  readonly onProgress?: (done: number, total: number, stage: string) => void;
}

export interface PhaseMarker {
  readonly month: string;
  readonly label: string;
  readonly source?: string;
  /** Carriers in force from this phase (the worlds behind its protocol-level figures). */
  readonly carriers: readonly string[];
}

export interface VariantResult {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly phases: readonly PhaseMarker[];
  /** Population-level series, band over seeds. */
  readonly series: Readonly<Record<string, Band>>;
  /** Protocol-level series, weighted by traffic; null months are not measured. */
  readonly protocol: Readonly<Record<string, Band>>;
  /** Share of messages per carrier (mean over seeds). */
  readonly traffic: Readonly<Record<string, readonly number[]>>;
  /** Envelope of the series over the one-at-a-time input runs (baseline only). */
  readonly inputBand?: Readonly<Record<string, Band>>;
}

export interface TimelineResult {
  readonly kind: 'interop-sim/timeline';
  readonly name: string;
  readonly title: string;
  readonly question: string;
  readonly source: string;
  readonly months: readonly string[];
  readonly agents: number;
  readonly population: number;
  readonly seeds: readonly string[];
  readonly inputs: readonly { name: InputName; value: number; low: number; high: number; meaning: string; source: string }[];
  readonly providers: readonly { id: string; name: string; role: string; source?: string }[];
  readonly sources: readonly string[];
  readonly variants: readonly VariantResult[];
  readonly tornado: readonly Tornado[];
  /** Every simulator run behind a protocol-level figure. */
  readonly worlds: readonly Measured[];
  readonly notMeasured: readonly string[];
  readonly model: string;
}

export const PROTOCOL_SERIES = [
  { name: 'e2eeCrossPct', metric: 'e2eePreservedPct', scope: 'cross', label: 'E2EE share of cross-app messages (%)' },
  { name: 'exposureCross', metric: 'plaintextExposurePerMessage', scope: 'cross', label: 'exposure points per cross-app message' },
  { name: 'exposureAll', metric: 'plaintextExposurePerMessage', scope: 'all', label: 'exposure points per message (all)' },
  { name: 'fidelityCross', metric: 'featureFidelity', scope: 'cross', label: 'feature fidelity of cross-app messages' },
  { name: 'latencyP95Cross', metric: 'latencyP95Ms', scope: 'cross', label: 'p95 latency of cross-app messages (ms)' },
] as const;

export const MODEL_NOTE =
  'Sampled agents: each simulated user stands for population/agents people and keeps an app set, an opt-in flag and contacts drawn with homophily; a cohort model would have to assume how contacts mix across app sets, which is exactly what decides reach. Shares converge as the sample grows (test/timeline/convergence.test.ts).';

function seedList(base: number | string, k: number): string[] {
  return Array.from({ length: k }, (_, i) => (typeof base === 'number' ? String(base + i) : i === 0 ? base : `${base}+${i}`));
}

/** Derived series: gatekeeper main-app share, and entrant accounts per user. */
function withDerived(t: Timeline, r: PopulationRun): PopulationRun {
  const sum = (ids: string[], prefix: string) => r.months.map((_, i) => ids.reduce((s, id) => s + (r.series[`${prefix}.${id}`]?.[i] ?? 0), 0));
  const gk = t.providers.filter((p) => p.role === 'gatekeeper').map((p) => p.id);
  const ent = t.providers.filter((p) => p.role === 'entrant').map((p) => p.id);
  return { ...r, series: { ...r.series, gatekeeperMain: sum(gk, 'main'), entrantHolds: sum(ent, 'holds') } };
}

export async function runTimeline(t: Timeline, opts: TimelineOptions): Promise<TimelineResult> {
  const variants = opts.variants === undefined ? t.variants : opts.variants.map((n) => t.variants.find((v) => v.name === n)!);
  const seeds = seedList(t.spec.seed, opts.seeds);
  const agents = opts.agents ?? t.spec.agents;
  const ranged = INPUT_NAMES.filter((n) => t.ranges[n][0] < t.ranges[n][1]);
  const total = variants.length * seeds.length + (opts.tornado ? 2 * ranged.length : 0) + 1;
  let done = 0;
  const tick = (stage: string) => opts.onProgress?.(++done, total, stage);
  const pop = new Map<string, PopulationRun[]>();
  for (const v of variants) {
    pop.set(v.name, seeds.map((seed) => {
      const r = withDerived(t, runPopulation(t, v, { seed, agents }));
      tick(`population ${v.name} seed ${seed}`);
      return r;
    }));
  }
  const worldsByCarrier = new Map<string, WorldDoc>();
  const markers = new Map<string, PhaseMarker[]>();
  for (const v of variants) markers.set(v.name, phaseMarkers(t, v, worldsByCarrier));
  const worlds = [...worldsByCarrier.values()].sort((a, b) => a.carrier.localeCompare(b.carrier));
  const measured = opts.protocol === undefined ? [] : await opts.protocol(worlds);
  const byCarrier = new Map(measured.map((m) => [m.carrier, m]));
  tick('protocol level');
  const baseline = variants[0]!;
  const oat = new Map<InputName, { low: number; high: number; atLow: PopulationRun; atHigh: PopulationRun }>();
  if (opts.tornado) {
    for (const n of ranged) {
      const [low, high] = t.ranges[n];
      const run = (x: number) => withDerived(t, runPopulation(t, baseline, { seed: seeds[0]!, agents, inputs: { ...t.inputs, [n]: x } }));
      const atLow = run(low);
      tick(`tornado ${n} low`);
      const atHigh = run(high);
      tick(`tornado ${n} high`);
      oat.set(n, { low, high, atLow, atHigh });
    }
  }
  const results: VariantResult[] = variants.map((v) => {
    const runs = pop.get(v.name)!;
    const names = Object.keys(runs[0]!.series);
    const series = Object.fromEntries(names.map((n) => [n, bandOf(runs.map((r) => r.series[n]!))]));
    const carriers = [...new Set(runs.flatMap((r) => Object.keys(r.traffic)))].sort();
    const traffic = Object.fromEntries(carriers.map((c) => [c, runs[0]!.months.map((_, i) => runs.reduce((s, r) => s + (r.traffic[c]?.[i] ?? 0), 0) / runs.length)]));
    const protocol = Object.fromEntries(PROTOCOL_SERIES.map((p) => [p.name, protocolSeries(traffic, byCarrier, p.metric, p.scope)]));
    const inputBand = v === baseline && oat.size > 0 ? Object.fromEntries(names.map((n) => [n, bandOf([...oat.values()].flatMap((o) => [o.atLow.series[n]!, o.atHigh.series[n]!]).concat(runs.map((r) => r.series[n]!)))])) : undefined;
    return { name: v.name, label: v.label ?? v.name, description: v.description ?? '', phases: markers.get(v.name)!, series, protocol, traffic, ...(inputBand !== undefined && { inputBand }) };
  });
  const months = pop.get(baseline.name)![0]!.months;
  return {
    kind: 'interop-sim/timeline',
    name: t.spec.name,
    title: t.spec.title ?? t.spec.name,
    question: t.spec.question ?? '',
    source: t.source,
    months,
    agents,
    population: t.spec.population,
    seeds,
    inputs: INPUT_NAMES.map((n) => ({ name: n, value: t.inputs[n], low: t.ranges[n][0], high: t.ranges[n][1], meaning: INPUTS[n].meaning, source: INPUTS[n].source })),
    providers: t.providers.map((p) => ({ id: p.id, name: p.name ?? p.id, role: p.role, ...(p.source !== undefined && { source: p.source }) })),
    sources: t.spec.sources,
    variants: results,
    tornado: opts.tornado ? tornado(pop.get(baseline.name)![0]!, oat) : [],
    worlds: measured,
    notMeasured: [
      'calls: no simulator run carries voice or video, so their security, latency and fidelity are not measured (their reach is modelled from the schedule)',
      ...(opts.protocol === undefined ? ['everything at the protocol level: this run skipped it (--population-only)'] : []),
    ],
    model: MODEL_NOTE,
  };
}

/** Each effective phase of a variant, with the worlds (carriers) in force from it; collects the worlds. */
function phaseMarkers(t: Timeline, v: Variant, worlds: Map<string, WorldDoc>): PhaseMarker[] {
  const policies = monthlyPolicies(t, v);
  return effectivePhases(v.phases).map((ph) => {
    const at = Math.max(0, Math.min(policies.length - 1, ph.month - t.startMonth));
    // The carriers of the phase: everything in force while it lasts (requests go live later).
    const carriers = new Set<string>();
    for (const p of policies.slice(at)) {
      if (p.month > ph.month && policies[at]!.phase !== p.phase) break;
      for (const w of phaseWorlds(t.providers, p)) {
        carriers.add(w.carrier);
        worlds.set(w.carrier, w);
      }
    }
    return { month: formatMonth(ph.month), label: ph.label, ...(ph.source !== undefined && { source: ph.source }), carriers: [...carriers].sort() };
  });
}
