// Per-envelope functions of the network and the protocol, the replaced implementation against the
// current one side by side in one process, CPU time (process.cpuUsage), alternating over rounds; read
// the ratio new/old (the machine may be loaded).
//   node --import tsx bench/netBench.ts [rounds=5]
import { messageId, nodeId } from '../sim/core/index.ts';
import { groupName, headerBytes, userId, type Header } from '../sim/actors/protocol.ts';
import { completePayload, deferPayload } from '../sim/net/lazyPayload.ts';
import { countArg, cpuMsOf } from './cpuTime.ts';

const rounds = countArg('rounds', process.argv[2], 5, 2); // the first round is warm-up

const cpuMs = cpuMsOf;

function compare(label: string, oldRun: () => number, newRun: () => number): void {
  let oldMs = 0;
  let newMs = 0;
  for (let r = 0; r < rounds; r++) {
    const [o, a] = cpuMs(oldRun);
    const [m, b] = cpuMs(newRun);
    if (a !== b) throw new Error(`${label}: results differ (${a} vs ${b})`);
    if (r > 0) {
      oldMs += o;
      newMs += m; // the first round warms both up
    }
  }
  console.log(`${label.padEnd(44)} old ${(oldMs / (rounds - 1)).toFixed(1).padStart(8)} ms  new ${(newMs / (rounds - 1)).toFixed(1).padStart(8)} ms  new/old ${(newMs / oldMs).toFixed(3)}`);
}

// Header sizing: headers as the default scenario's traffic makes them.
{
  const headers: Header[] = [];
  for (let k = 0; k < 1000; k++) {
    const d = nodeId(`u${k}@prov${'ABCD'[k % 4]}/d${k % 2}`);
    const g = groupName(`conv-${k % 18}`);
    headers.push(
      { op: 'app', group: g, msg: messageId(`m${k}`), sender: d, recipients: [nodeId(`u${k + 1}@provB/d0`)] },
      { op: 'handshake', group: g, epoch: k % 40, to: d },
      { op: 'kp-publish', device: d, suite: 1, lastResort: k % 5 === 0 },
      { op: 'commit', group: g, epoch: k % 40, committer: d, adds: [nodeId(`u${k + 2}@provC/d0`)], removes: [], attempt: 0 },
      { op: 'kp-claim', request: k, requester: d, user: userId(`u${k + 3}@provD`), suite: 1, group: g },
    );
  }
  const n = 200;
  compare(
    `headerBytes, ${n * headers.length} headers`,
    () => {
      let s = 0;
      for (let r = 0; r < n; r++) for (const h of headers) s += Buffer.byteLength(JSON.stringify(h));
      return s;
    },
    () => {
      let s = 0;
      for (let r = 0; r < n; r++) for (const h of headers) s += headerBytes(h);
      return s;
    },
  );
}

// Deferring payloads: an upload of 10 KeyPackages and its parts (views of its buffer) deferred, then a
// third of the parts completed (claimed), as a device's start-up upload. Old: a weak entry per payload.
{
  const oldPending = new WeakMap<Uint8Array, () => void>();
  const oldDefer = (p: Uint8Array, c: () => void): void => void oldPending.set(p, c);
  const oldComplete = (p: Uint8Array): void => {
    const c = oldPending.get(p);
    if (c !== undefined) {
      oldPending.delete(p);
      c();
    }
  };
  const uploads = 20_000;
  const run = (defer: typeof oldDefer, complete: typeof oldComplete) => (): number => {
    let done = 0;
    for (let u = 0; u < uploads; u++) {
      const whole = new Uint8Array(10 * 300);
      const parts: Uint8Array[] = [];
      for (let k = 0; k < 10; k++) {
        const v = whole.subarray(k * 300, k * 300 + 296);
        parts.push(v);
        defer(v, () => void done++);
      }
      defer(whole, () => parts.forEach(complete));
      for (let k = 0; k < 10; k += 3) complete(parts[k]!);
    }
    return done;
  };
  compare(`defer ${uploads} uploads of 10, complete 4 each`, run(oldDefer, oldComplete), run(deferPayload, (p) => void completePayload(p)));
}
