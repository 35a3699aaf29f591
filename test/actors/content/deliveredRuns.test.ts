import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seconds } from '../../../sim/core/index.ts';
import type { ContentObserver } from '../../../sim/actors/content/contentRuntime.ts';
import { loadScenario, validateScenario } from '../../../scenarios/index.ts';
import { runScenario } from '../../../sim/runner/runScenario.ts';

// The content runtime measures delivered copies in runs (ContentRuntime.delivered): the counts and
// the observer's per-copy measures must be exactly those of measuring each copy at once, and anyone
// reading the counts mid-run must see every copy delivered so far.
test('delivered copies are measured in order, all of them, and the counts read mid-run include every copy so far', async () => {
  const s = validateScenario({ ...loadScenario('default'), durationSeconds: 20, drainSeconds: 10 });
  const delivered: string[] = [];
  const rendered: string[] = [];
  const midRun: { seen: number; counted: number }[] = [];
  const r = await runScenario(s, {
    onWorldReady: (c) => {
      const content = c.content!;
      const deliver = content.delivered.bind(content);
      content.delivered = (device, h, plaintext, indicator) => {
        delivered.push(`${h.msg}>${device}`);
        deliver(device, h, plaintext, indicator);
      };
      const inner = content.observer!;
      const spy: ContentObserver = {
        sent: (msg, how) => inner.sent(msg, how),
        rendered: (device, msg, fidelity, fellBack) => {
          rendered.push(`${msg}>${device}`);
          inner.rendered(device, msg, fidelity, fellBack);
        },
      };
      content.observer = spy;
      for (const t of [12, 16, 24]) {
        c.world.sim.schedule(seconds(t), () => {
          const st = content.stats;
          midRun.push({ seen: delivered.length, counted: st.full + st.fallback + st.unreadable });
        });
      }
    },
  });
  assert.ok(delivered.length > 1000, `a run long enough to fill several runs of 256 (${delivered.length} copies)`);
  assert.deepEqual(rendered, delivered, 'every copy measured once, in delivery order');
  assert.equal(r.content!.outcomes.full + r.content!.outcomes.fallback + r.content!.outcomes.unreadable, delivered.length);
  assert.equal(midRun.length, 3);
  for (const m of midRun) assert.equal(m.counted, m.seen);
  assert.ok(midRun.some((m) => m.seen % 256 !== 0), 'a read found copies still waiting to be measured');
});
