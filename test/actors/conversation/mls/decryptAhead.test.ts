// Decryptions started ahead are gathered per event, started together right after it and awaited
// alone before the next event; their window is timed once, on the clock they were started with.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decryptAhead } from '../../../../sim/actors/conversation/mls/decryptAhead.ts';
import { CryptoClock } from '../../../../sim/actors/cryptoClock.ts';
import { Simulator } from '../../../../sim/core/simulator.ts';
import { millis } from '../../../../sim/core/time.ts';
import type { GroupState, MlsEngine } from '../../../../sim/mls/engine.ts';

test('decryptAhead: one event\'s starts run together after it, alone, timed once', async () => {
  const sim = new Simulator();
  const clock = new CryptoClock();
  const log: string[] = [];
  const engine = {
    async unprotectAhead(state: unknown) {
      const name = String(state);
      log.push(`${name}-start`);
      await Promise.resolve();
      log.push(`${name}-step`);
      await Promise.resolve();
      log.push(`${name}-handed-off`);
    },
  } as unknown as MlsEngine;
  sim.schedule(millis(1), () => {
    for (const n of ['a', 'b', 'c']) decryptAhead(sim, clock).decrypt(engine, n as unknown as GroupState, new Uint8Array([0]), () => {});
    log.push('event-1');
  });
  sim.schedule(millis(1), () => void log.push('event-2'));
  await sim.run();
  assert.deepEqual(log, ['event-1', 'a-start', 'b-start', 'c-start', 'a-step', 'b-step', 'c-step', 'a-handed-off', 'b-handed-off', 'c-handed-off', 'event-2']);
  assert.equal(clock.report()['unprotect-ahead']?.count, 1);
});

test('decryptAhead: decrypt() starts engine.unprotectAhead with each copy\'s state, bytes and tail, after the event, in order, timed once', async () => {
  const sim = new Simulator();
  const clock = new CryptoClock();
  const log: string[] = [];
  const tail = (): void => {};
  const engine = {
    unprotectAhead(state: unknown, message: Uint8Array, t?: (ms: number) => void) {
      log.push(`${String(state)}:${message[0]}:${t === tail}`);
      return message[0] === 2 ? undefined : Promise.resolve(); // one that starts nothing
    },
  } as unknown as MlsEngine;
  sim.schedule(millis(1), () => {
    for (const n of [1, 2, 3]) decryptAhead(sim, clock).decrypt(engine, `s${n}` as unknown as GroupState, new Uint8Array([n]), tail);
    log.push('event-1');
  });
  sim.schedule(millis(1), () => void log.push('event-2'));
  sim.schedule(millis(2), () => {
    decryptAhead(sim, clock).decrypt(engine, 's4' as unknown as GroupState, new Uint8Array([4]), tail);
    log.push('event-3');
  });
  await sim.run();
  assert.deepEqual(log, ['event-1', 's1:1:true', 's2:2:true', 's3:3:true', 'event-2', 'event-3', 's4:4:true']);
  assert.equal(clock.report()['unprotect-ahead']?.count, 2);
});
