// The named random streams, the seedrandom-based implementation they replaced against the own xor4096
// (sim/core/xor4096.ts, same draws), side by side in one process, CPU time (process.cpuUsage), old and
// new alternating over several rounds; the ratio new/old is what to read (the machine may be loaded).
//   node --import tsx bench/streamsBench.ts [streams=100000] [rounds=5]
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { RandomStreams } from '../sim/core/randomStreams.ts';
import { countArg, cpuMsOf } from './cpuTime.ts';

const n = countArg('streams', process.argv[2], 100_000, 1);
const rounds = countArg('rounds', process.argv[3], 5, 2); // the first round is warm-up

const cpuMs = cpuMsOf;

/** The streams as they were: SHA-256 hex seed, seedrandom's xor4096, made when named. */
function oldStreams(master: string, names: number, draws: number): number {
  let sink = 0;
  const made = new Map<string, seedrandom.PRNG>();
  for (let k = 0; k < names; k++) {
    const name = `mls/device/u${k}@p${k % 20}/d0`;
    const seed = createHash('sha256').update(`interop-sim/v1\0${master}\0${name}`).digest('hex');
    const g = seedrandom.xor4096(seed);
    made.set(name, g);
    for (let d = 0; d < draws; d++) sink += g.double();
  }
  return sink + made.size;
}

function newStreams(master: string, names: number, draws: number): number {
  let sink = 0;
  const streams = new RandomStreams(master);
  for (let k = 0; k < names; k++) {
    const s = streams.stream(`mls/device/u${k}@p${k % 20}/d0`);
    for (let d = 0; d < draws; d++) sink += s.next();
  }
  return sink + streams.names().length;
}

const cases: [string, (impl: typeof oldStreams) => number][] = [
  [`name ${n} streams, draw none`, (impl) => impl('s', n, 0)],
  [`name ${n} streams, draw 1 each`, (impl) => impl('s', n, 1)],
  [`name ${n / 100} streams, draw 100 each`, (impl) => impl('s', n / 100, 100)],
  [`1 stream, ${n * 10} draws`, (impl) => impl('s', 1, n * 10)],
];

for (const [label, run] of cases) {
  let oldMs = 0;
  let newMs = 0;
  for (let r = 0; r < rounds; r++) {
    const [o, a] = cpuMs(() => run(oldStreams));
    const [m, b] = cpuMs(() => run(newStreams));
    if (a !== b) throw new Error(`${label}: the draws differ (${a} vs ${b})`);
    if (r > 0) {
      oldMs += o;
      newMs += m; // the first round warms both up
    }
  }
  console.log(`${label.padEnd(36)} old ${(oldMs / (rounds - 1)).toFixed(1).padStart(8)} ms  new ${(newMs / (rounds - 1)).toFixed(1).padStart(8)} ms  new/old ${(newMs / oldMs).toFixed(3)}`);
}
