// The random source the benchmark hands the native engine: a named stream of the simulator's own
// (sim/core RandomStreams), exactly what a device's Signal stack draws from in a run. The MLS bench's
// `seededBytes` (SHAKE-256 in JavaScript) costs ~20 us per 64-byte draw, more than an HMAC chain
// step and a third of a signature, and no run pays it; libsignal draws from its OS RNG.
import type { RandomBytes } from '../../sim/signal/engine.ts';
import { RandomStreams } from '../../sim/core/randomStreams.ts';

const streams = new RandomStreams('signal-bench');

export function streamBytes(name: string): RandomBytes {
  const s = streams.stream(name);
  return (n) => s.bytes(n);
}
