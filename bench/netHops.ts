// The network's cost per envelope hop, this checkout against another (any tree with sim/core and
// sim/net, e.g. a `git archive` of main with node_modules linked), side by side in one process: a
// federation of 20 providers in a full mesh, 100 devices on each (the default scenario's link models),
// envelopes between random application hops (device and provider, provider and provider). CPU time (process.cpuUsage), the two alternating over rounds; the
// trace is a stand-in that counts records for the timing, and the real trace's digest is compared once
// (the same digest: the same behaviour).
//   node --import tsx bench/netHops.ts [--against DIR] [envelopes=100000] [rounds=5]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { countArg } from './cpuTime.ts';

const args = process.argv.slice(2);
const ai = args.indexOf('--against');
const against = ai >= 0 ? args.splice(ai, 2)[1] : undefined;
const envelopes = countArg('envelopes', args[0], 100_000, 1);
const rounds = countArg('rounds', args[1], 5, 2);

interface Tree {
  readonly label: string;
  readonly core: typeof import('../sim/core/index.ts');
  readonly net: typeof import('../sim/net/index.ts');
  readonly trace: typeof import('../sim/trace/index.ts');
}

async function load(dir: string, label: string): Promise<Tree> {
  const url = (p: string) => pathToFileURL(resolve(dir, p)).href;
  return { label, core: await import(url('sim/core/index.ts')), net: await import(url('sim/net/index.ts')), trace: await import(url('sim/trace/index.ts')) };
}

/** Builds the network, schedules the sends, runs; returns the records emitted and the digest if asked. */
async function run(t: Tree, realTrace: boolean): Promise<{ records: number; digest: string }> {
  const { core, net } = t;
  const sim = new core.Simulator();
  let records = 0;
  const trace = realTrace ? new t.trace.Trace() : ({ emit: () => void records++ } as unknown as InstanceType<typeof t.trace.Trace>);
  const network = new net.Network(sim, new core.RandomStreams('net-bench'), trace, { framingBytes: 40 });
  const providers = Array.from({ length: 20 }, (_, i) => core.nodeId(`prov${i}`));
  const devices: ReturnType<typeof core.nodeId>[] = [];
  for (const p of providers) network.addNode({ id: p, kind: 'provider', serviceMicros: 50 });
  for (let i = 0; i < providers.length; i++)
    for (let j = i + 1; j < providers.length; j++)
      network.addLink({ a: providers[i]!, b: providers[j]!, latency: { kind: 'lognormal', medianMs: 25, sigma: 0.3 }, jitterMs: 2, bandwidthMbps: 1000 });
  for (const p of providers)
    for (let d = 0; d < 100; d++) {
      const id = core.nodeId(`u${d}@${p}/d0`);
      devices.push(id);
      network.addNode({ id, kind: 'client', serviceMicros: 20 });
      network.addLink({ a: id, b: p, latency: { kind: 'normal', meanMs: 15, stdDevMs: 5 }, jitterMs: 3, bandwidthMbps: 20 });
      network.attach(id, () => {});
    }
  const pick = new core.RandomStreams('net-bench').stream('pick');
  const payloads = [new Uint8Array(200), new Uint8Array(1200), new Uint8Array(5000)];
  // One send every 50 us, each scheduling the next: the queue holds what is in flight, as in a run.
  // Envelopes go where a run's go, between application hops: a device to its provider, a provider to
  // another, a provider to one of its devices.
  let k = 0;
  const next = (): void => {
    const d = pick.index(devices.length);
    const p = providers[Math.floor(d / 100)]!;
    const q = providers[pick.index(providers.length)]!;
    const [from, to] = k % 3 === 0 ? [devices[d]!, p] : k % 3 === 1 ? (p === q ? [p, devices[d]!] : [p, q]) : [p, devices[d]!];
    network.send({ from, to, kind: 'application', payload: payloads[k % payloads.length]!, headerBytes: 120 });
    if (++k < envelopes) sim.schedule(core.micros(50), next);
  };
  sim.schedule(core.micros(0), next);
  await sim.run();
  return { records: realTrace ? (trace as { records: number }).records : records, digest: realTrace ? trace.digest() : '' };
}

const mine = await load(resolve(import.meta.dirname, '..'), 'this checkout');
const trees = against === undefined ? [mine] : [await load(against, against), mine];
if (trees.length === 2) {
  const [a, b] = [await run(trees[0]!, true), await run(trees[1]!, true)];
  console.log(`same trace: ${a.digest === b.digest} (${a.records} records; ${a.digest.slice(0, 16)} vs ${b.digest.slice(0, 16)})`);
}
const cpu = trees.map(() => 0);
for (let r = 0; r < rounds; r++)
  for (let j = 0; j < trees.length; j++) {
    const i = r % 2 === 0 ? j : trees.length - 1 - j; // ABBA: neither always runs first (or after the other's garbage)
    const t0 = process.cpuUsage();
    await run(trees[i]!, false);
    const d = process.cpuUsage(t0);
    if (r > 0) cpu[i]! += (d.user + d.system) / 1000 / (rounds - 1); // the first round warms up
  }
for (let i = 0; i < trees.length; i++) console.log(`${trees[i]!.label.padEnd(30)} ${cpu[i]!.toFixed(0).padStart(7)} ms CPU for ${envelopes} envelopes${i > 0 ? `  (x${(cpu[i]! / cpu[0]!).toFixed(3)} of the first)` : ''}`);
