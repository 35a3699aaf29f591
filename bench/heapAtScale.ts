// The heap of a scaled default run (issue 14): what the simulation retains as it grows, and what
// collecting it costs. Runs the default scenario with its users multiplied by k and conversations by
// convs, and reports wall, the crypto clock's `other %`, process and main-thread CPU, the main
// thread's GC pauses (PerformanceObserver 'gc', atomic pauses only: incremental marking steps are not
// in them; `bench/overheadProfile.ts` counts every GC sample), V8's heap at the end of `sim.run`
// (before and after a full collection, with --expose-gc) and the peak RSS.
//   node --expose-gc --import tsx bench/heapAtScale.ts [k] [convs] [--snapshot file.heapsnapshot]
// With --snapshot, a heap snapshot of the world as it stands at the end of `sim.run` is written there.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { loadScenario, validateScenario } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner/runScenario.ts';
import { mainThreadCpuMs } from './procCpu.ts';

export interface HeapAtScale {
  readonly label: string;
  readonly copies: number;
  readonly wallSeconds: number;
  readonly otherShare: number;
  readonly cpuSeconds: number;
  readonly mainCpuSeconds: number;
  readonly gcPauseSeconds: number;
  readonly gcPauses: Readonly<Record<string, number>>;
  readonly heapUsedAtEndMiB: number;
  readonly heapLiveAtEndMiB: number;
  readonly peakRssMiB: number;
  readonly digest: string;
}

const GC_KIND: Record<number, string> = { 1: 'scavenge', 2: 'minor-ms', 4: 'mark-compact', 8: 'incremental', 16: 'weak-callbacks' };

export async function heapAtScale(k: number, convs: number, snapshot?: string): Promise<HeapAtScale> {
  const d = loadScenario();
  const s = validateScenario({
    ...d,
    name: `default-x${k}-c${convs}`,
    providers: d.providers.map((p) => ({ ...p, users: p.users * k })),
    workload: { ...d.workload, oneToOne: d.workload.oneToOne * convs, groups: { ...d.workload.groups, count: d.workload.groups.count * convs } },
  });
  let gcMs = 0;
  const pauses: Record<string, number> = {};
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      const kind = GC_KIND[(e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
      pauses[kind] = (pauses[kind] ?? 0) + e.duration / 1000;
    }
  });
  let usedAtEnd = 0;
  let liveAtEnd = 0;
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  let cpu = { user: 0, system: 0 };
  let main1: number | undefined;
  const r = await runScenario(s, {
    onWorldReady: (ctx) => {
      const sim = ctx.world.sim;
      const run = sim.run.bind(sim);
      sim.run = async (limits) => {
        obs.observe({ entryTypes: ['gc'] });
        try {
          return await run(limits);
        } finally {
          obs.disconnect();
          cpu = process.cpuUsage(cpu0);
          main1 = mainThreadCpuMs();
          usedAtEnd = getHeapStatistics().used_heap_size;
          const gc = (globalThis as { gc?: () => void }).gc;
          if (gc !== undefined) {
            gc();
            liveAtEnd = getHeapStatistics().used_heap_size;
          }
          if (snapshot !== undefined) writeHeapSnapshot(snapshot);
        }
      };
    },
  });
  void performance;
  return {
    label: s.name,
    copies: r.summary.recipientsExpected,
    wallSeconds: r.wall.runMs / 1000,
    otherShare: (r.wall.runMs - r.wall.cryptoMs) / r.wall.runMs,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    mainCpuSeconds: main0 === undefined || main1 === undefined ? NaN : (main1 - main0) / 1000,
    gcPauseSeconds: gcMs / 1000,
    gcPauses: pauses,
    heapUsedAtEndMiB: usedAtEnd / 2 ** 20,
    heapLiveAtEndMiB: liveAtEnd / 2 ** 20,
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / 2 ** 20,
    digest: r.digest,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--snapshot');
  const snapshot = at > 0 ? process.argv[at + 1] : undefined;
  const [k = 30, convs = 30] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--snapshot').map(Number);
  const h = await heapAtScale(k, convs, snapshot);
  const pauses = Object.entries(h.gcPauses).map(([kind, s]) => `${kind} ${s.toFixed(1)}`).join(', ');
  console.log(
    `${h.label}: ${h.copies} copies, wall ${h.wallSeconds.toFixed(1)} s, other ${(100 * h.otherShare).toFixed(1)}%, CPU ${h.cpuSeconds.toFixed(1)} s, main CPU ${h.mainCpuSeconds.toFixed(1)} s, ` +
      `GC pauses ${h.gcPauseSeconds.toFixed(1)} s (${pauses}), heap at end ${h.heapUsedAtEndMiB.toFixed(0)} MiB (live ${h.heapLiveAtEndMiB.toFixed(0)}), peak RSS ${h.peakRssMiB.toFixed(0)} MiB, digest ${h.digest.slice(0, 12)}`,
  );
}
