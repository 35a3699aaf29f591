import { RandomStreams, Simulator, nodeId, type NodeId } from '../../sim/core/index.ts';
import { Network, type NetworkOptions, type NodeSpec } from '../../sim/net/index.ts';
import { Trace, type TraceRecord } from '../../sim/trace/index.ts';

/** A small network with its simulator and a trace that keeps every record for assertions. */
export function testNetwork(nodes: (string | NodeSpec)[], options: NetworkOptions = {}, seed = 'net-test') {
  const sim = new Simulator();
  const trace = new Trace();
  const records: TraceRecord[] = [];
  trace.subscribe((r) => records.push(r));
  const net = new Network(sim, new RandomStreams(seed), trace, options);
  for (const n of nodes) net.addNode(typeof n === 'string' ? { id: nodeId(n), kind: 'provider' } : n);
  return { sim, trace, records, net, id: (s: string): NodeId => nodeId(s) };
}
