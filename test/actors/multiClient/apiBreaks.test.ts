import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomStreams, at, seconds, type NodeId, type SimTime } from '../../../sim/core/index.ts';
import { brokenSeconds, brokenWindows, drawBreaks, type ApiBreak } from '../../../sim/actors/multiClient/apiBreaks.ts';
import { clientApiSchema } from '../../../scenarios/clientApiSchema.ts';

const end = at(seconds(86_400 * 30));
const config = (services: unknown[], updateDelay: unknown = { kind: 'constant', seconds: 600 }) => clientApiSchema.parse({ services, updateDelay });

test('deliberate breaks happen at their times, each fixed after the update delay; those after the end never happen', () => {
  const b = drawBreaks(config([{ provider: 'gk', breaksAtSeconds: [100, 5000, 86_400 * 31] }]), new RandomStreams('1'), end);
  assert.deepEqual(
    b.map((x) => [x.service, x.cause, x.at / 1e6, x.fixedAt / 1e6]),
    [
      ['gk', 'deliberate', 100, 700],
      ['gk', 'deliberate', 5000, 5600],
    ],
  );
});

test('unannounced changes follow the rate per service on named streams: adding a service leaves the others unchanged', () => {
  const one = drawBreaks(config([{ provider: 'a', breaksPerDay: 2 }]), new RandomStreams('s'), end);
  const two = drawBreaks(config([{ provider: 'b', breaksPerDay: 5 }, { provider: 'a', breaksPerDay: 2 }]), new RandomStreams('s'), end);
  assert.deepEqual(two.filter((x) => x.service === 'a'), one);
  // 30 days at 2 a day: about 60 (Poisson; 4 standard deviations either side).
  assert.ok(one.length > 60 - 4 * Math.sqrt(60) && one.length < 60 + 4 * Math.sqrt(60), String(one.length));
  assert.ok(one.every((x) => x.cause === 'api-change' && x.at < end));
  assert.notDeepEqual(drawBreaks(config([{ provider: 'a', breaksPerDay: 2 }]), new RandomStreams('t'), end), one, 'another seed, other breaks');
});

test('lognormal update delays have the configured median', () => {
  const b = drawBreaks(config([{ provider: 'a', breaksPerDay: 200 }], { kind: 'lognormal', medianSeconds: 3600, sigma: 1 }), new RandomStreams('m'), end);
  const delays = b.map((x) => (x.fixedAt - x.at) / 1e6).sort((x, y) => x - y);
  const median = delays[Math.floor(delays.length / 2)]!;
  assert.ok(delays.length > 5000);
  assert.ok(median > 3300 && median < 3900, String(median));
});

test('overlapping breaks merge into one broken window; time broken counts each instant once, up to a cut-off', () => {
  const s = (t: number) => at(seconds(t));
  const br = (service: string, from: number, to: number): ApiBreak => ({ service: service as NodeId, cause: 'api-change', at: s(from), fixedAt: s(to) });
  const w = brokenWindows([br('a', 10, 50), br('a', 30, 40), br('a', 45, 70), br('a', 100, 110), br('b', 0, 5)]);
  assert.deepEqual(
    w.map((x) => [x.service, x.from / 1e6, x.to / 1e6, x.breaks]),
    [
      ['a', 10, 70, 3],
      ['a', 100, 110, 1],
      ['b', 0, 5, 1],
    ],
  );
  assert.equal(brokenSeconds(w.filter((x) => x.service === 'a'), s(105) as SimTime), 60 + 5);
});
