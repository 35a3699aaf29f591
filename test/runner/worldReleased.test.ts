// A finished run leaves nothing of its world alive in the process: benches and tests run many worlds
// in one process, and a world held by module state (the payload-hash ring, the upload slab, whose
// unclaimed KeyPackages hold their devices) made every later run's heap larger.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runScenario } from '../../sim/runner/runScenario.ts';
import { smallScenario } from './smallScenario.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test("a finished run's world can be collected", async () => {
  const refs: WeakRef<object>[] = [];
  await runScenario(smallScenario({ durationSeconds: 10, drainSeconds: 10 }), {
    onWorldReady: (ctx) => void refs.push(new WeakRef(ctx.world.sim), new WeakRef(ctx.world.net), new WeakRef([...ctx.devices.values()][0]!)),
  });
  for (let i = 0; i < 4; i++) {
    await tick();
    gc();
  }
  assert.deepEqual(refs.map((r) => r.deref() === undefined), [true, true, true]);
});
