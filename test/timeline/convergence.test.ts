// Sampled agents converge: as the sample grows 32-fold the seed-to-seed standard deviation of the
// results shrinks, and the means at the two largest samples agree closely (the mimi-mandated variant,
// whose cross-app reach is not zero).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTimeline } from '../../sim/timeline/loadTimeline.ts';
import { runPopulation } from '../../sim/timeline/runPopulation.ts';

const t = loadTimeline('dma-art7-meta');
const v = t.variants.find((x) => x.name === 'mimi-mandated')!;
const short = { ...t, spec: { ...t.spec, months: 24 } };
const SERIES = ['crossReach.oneToOne', 'appsPerUser', 'multiHoming', 'holds.signal'];
const SEEDS = ['1', '2', '3', '4', '5', '6'];

function stats(agents: number) {
  const runs = SEEDS.map((seed) => runPopulation(short, v, { seed, agents }));
  return Object.fromEntries(
    SERIES.map((s) => {
      const xs = runs.map((r) => r.series[s]!.at(-1)!);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
      return [s, { mean, sd }];
    }),
  );
}

test('the seed-to-seed spread shrinks as the sample grows and the means settle', () => {
  const small = stats(1000);
  const mid = stats(8000);
  const large = stats(32000);
  for (const s of SERIES) {
    assert.ok(large[s]!.sd < small[s]!.sd, `${s}: sd ${small[s]!.sd} at 1,000 agents, ${large[s]!.sd} at 32,000`);
    const scale = Math.max(1e-9, Math.abs(large[s]!.mean));
    assert.ok(Math.abs(large[s]!.mean - mid[s]!.mean) / scale < 0.05, `${s}: mean ${mid[s]!.mean} at 8,000, ${large[s]!.mean} at 32,000`);
  }
});
