import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentiles } from '../../../sim/trace/index.ts';
import { PairCollector } from '../../../sim/trace/perPair/index.ts';
import { smallScenario } from '../../runner/smallScenario.ts';
import { runWithTrace, serverOf } from './helpers.ts';

test('bridge-reencrypt: per-pair copies, outcomes, latencies and bridge readings match the trace; cross pairs are never E2EE', async () => {
  const { r, records } = await runWithTrace(smallScenario(), 'bridge-reencrypt');
  const pp = r.perPair!;
  assert.equal(pp.uniform, true);
  // Copies and latencies per pair, recounted from the trace's own records.
  const from = new Map<string, string>();
  const copies = new Map<string, number>();
  const lat = new Map<string, number[]>();
  for (const x of records) {
    if (x.type === 'send' && x.to.length > 0) {
      from.set(x.msg, serverOf(x.from));
      for (const d of x.to) copies.set(`${serverOf(x.from)}>${serverOf(d)}`, (copies.get(`${serverOf(x.from)}>${serverOf(d)}`) ?? 0) + 1);
    }
    if (x.type === 'deliver') {
      const k = `${from.get(x.msg)}>${serverOf(x.to)}`;
      lat.set(k, [...(lat.get(k) ?? []), x.latency]);
    }
  }
  assert.deepEqual(new Map(pp.pairs.map((p) => [`${p.from}>${p.to}`, p.copies])), copies);
  assert.equal(pp.pairs.reduce((n, p) => n + p.copies, 0), r.summary.recipientsExpected);
  assert.equal(pp.pairs.reduce((n, p) => n + p.delivered, 0), r.summary.delivered);
  for (const p of pp.pairs) {
    const [p50, p95] = percentiles(lat.get(`${p.from}>${p.to}`) ?? [], [50, 95]).map((us) => us / 1000);
    assert.equal(p.latencyP50Ms, p50);
    assert.equal(p.latencyP95Ms, p95);
  }
  const cross = pp.pairs.filter((p) => p.from !== p.to);
  assert.ok(cross.length === 2 && cross.every((p) => p.copies > 10), 'both directions carried copies');
  for (const p of cross) {
    assert.equal(p.arrangement, 'bridge-reencrypt');
    assert.equal(p.e2eePreservedPct, 0, 'the bridge read every message that crossed it');
    assert.equal(p.exposuresByRole.bridge, p.copies);
    assert.equal(p.exposurePerCopy, 1);
    assert.equal(p.forgeryCapablePerCopy, 1);
  }
  for (const p of pp.pairs.filter((x) => x.from === x.to)) assert.equal(p.arrangement, 'intra');
  // Weakest link: the messages with a recipient at the other provider are exactly those the bridge read.
  const crossing = new Set<string>(records.flatMap((x) => (x.type === 'send' && x.to.some((d) => serverOf(d) !== serverOf(x.from)) ? [x.msg] : [])));
  const bridgeRead = new Set<string>(records.flatMap((x) => (x.type === 'expose' && x.as === 'bridge' ? [x.msg] : [])));
  assert.deepEqual(bridgeRead, crossing);
  assert.equal(pp.weakestLink.byWeakest['bridge-reencrypt/mls'], crossing.size);
  for (const prov of pp.weakestLink.providers) {
    const involved = records.filter((x) => x.type === 'send' && x.to.length > 0 && [x.from, ...x.to].some((d) => serverOf(d) === prov.provider)) as { msg: string }[];
    assert.equal(prov.messages, involved.length);
    assert.equal(prov.belowPromise, involved.filter((x) => crossing.has(x.msg)).length);
    assert.equal(prov.promise, 'intra/mls');
  }
  assert.ok(pp.weakestLink.providers.every((p) => p.belowPromisePct > 50), 'most messages of each provider crossed the bridge');
});

test('federated-mls: every pair E2EE, nobody else read anything, nothing below any promise', async () => {
  const { r, records } = await runWithTrace(smallScenario(), 'federated-mls');
  const pp = r.perPair!;
  assert.ok(pp.pairs.some((p) => p.from !== p.to && p.arrangement === 'federated' && p.copies > 0));
  for (const p of pp.pairs) {
    assert.equal(p.e2eePreservedPct, 100);
    assert.equal(p.exposurePerCopy, 0);
    assert.equal(p.forgeryCapablePerCopy, 0);
    assert.equal(p.accountsPerUser, 1);
    assert.equal(p.featureFidelity, 1);
  }
  assert.ok(pp.weakestLink.providers.every((p) => p.belowPromise === 0 && p.messages > 0));
  assert.deepEqual(Object.keys(pp.weakestLink.byWeakest).sort(), ['federated/mls', 'intra/mls']);

  // The same trace folded again under an arrangement table (as a heterogeneous world will give):
  // provA-provB through the gatekeeper's offer, provB on Signal. Labels and the weakest link follow the table.
  const again = new PairCollector({ party: (d) => ({ person: d.split('/').slice(0, 2).join('/'), home: serverOf(d) }) });
  for (const x of records) again.listener(x);
  const table = again.report({ defaultArrangement: 'federated', pairs: [{ a: 'provB', b: 'provA', arrangement: 'bridge-e2ee' }], defaultProtocol: 'mls', protocols: { provB: 'signal' } }, ['provA', 'provB'], { forgersOf: () => 0, accountsOf: () => 1 });
  assert.equal(table.uniform, false);
  const ab = table.pairs.find((p) => p.from === 'provA' && p.to === 'provB')!;
  assert.deepEqual([ab.arrangement, ab.protocols], ['bridge-e2ee', ['mls', 'signal']]);
  assert.equal(ab.copies, pp.pairs.find((p) => p.from === 'provA' && p.to === 'provB')!.copies);
  const crossing = records.filter((x) => x.type === 'send' && x.to.length > 0 && x.to.some((d) => serverOf(d) !== serverOf(x.from))).length;
  assert.equal(table.weakestLink.byWeakest['bridge-e2ee/signal'], crossing);
  const a = table.weakestLink.providers.find((p) => p.provider === 'provA')!;
  assert.equal(a.belowPromise, crossing, 'every provA message that crossed to provB is below provA\'s own promise');
  assert.equal(table.weakestLink.providers.find((p) => p.provider === 'provB')!.promise, 'intra/signal');
});

test('silo: people count at their home provider, so an account opened elsewhere still makes a cross pair (arrangement none) with two accounts', async () => {
  const { r, records } = await runWithTrace(smallScenario(), 'silo');
  const pp = r.perPair!;
  // In the trace every copy stays at one server: the sender's device is an account at the group's host.
  assert.ok(records.every((x) => x.type !== 'send' || x.to.every((d) => serverOf(d) === serverOf(x.from))));
  const cross = pp.pairs.filter((p) => p.from !== p.to);
  assert.ok(cross.length > 0 && cross.every((p) => p.arrangement === 'none' && p.copies > 0));
  for (const p of cross) assert.ok(p.accountsPerUser > 1, `${p.from}->${p.to}: ${p.accountsPerUser} accounts per user`);
  assert.equal(pp.pairs.reduce((n, p) => n + p.copies, 0), r.summary.recipientsExpected);
  for (const p of pp.pairs) assert.equal(p.e2eePreservedPct, 100);
  assert.ok(pp.weakestLink.providers.every((p) => p.belowPromise === 0));
});

test('the collector folds what it is told in order, in runs: thousands of records and calls give the counts recounted directly', () => {
  const homes = ['pA', 'pB', 'pC'];
  const device = (i: number) => `${homes[i % 3]}/u${i % 17}/d${i % 2}`;
  const parties = new Map<string, { person: string; home: string }>();
  const c = new PairCollector({
    party: (d) => {
      if (d.startsWith('gw')) return undefined; // infrastructure: counted at the server its id names
      let p = parties.get(d);
      if (p === undefined) parties.set(d, (p = { person: d.split('/').slice(0, 2).join('/'), home: d.split('/')[0]! }));
      return p;
    },
  });
  const want = new Map<string, { copies: number; messages: number; delivered: number; rendered: number; fidelity: number; clear: number; people: Set<string> }>();
  const pair = (a: string, b: string) => {
    let w = want.get(`${a}>${b}`);
    if (w === undefined) want.set(`${a}>${b}`, (w = { copies: 0, messages: 0, delivered: 0, rendered: 0, fidelity: 0, clear: 0, people: new Set() }));
    return w;
  };
  const home = (d: string) => d.split('/')[0]!;
  const person = (d: string) => (d.startsWith('gw') ? d : d.split('/').slice(0, 2).join('/'));
  for (let m = 0; m < 3000; m++) {
    const msg = `m${m}`;
    const from = device(m * 7 + 1);
    const to = [...new Set(Array.from({ length: 1 + (m % 4) }, (_, k) => (m % 9 === 0 && k === 0 ? 'gw/x' : device(m * 3 + k * 5 + 2))))].filter((d) => d !== from);
    c.listener({ type: 'send', t: m, msg, from, to, kind: 'application', bytes: 1 } as never);
    const clear = m % 5 === 0;
    c.sent(msg, { clear, pq: false });
    const seenHomes = new Set<string>();
    for (const d of to) {
      const w = pair(home(from), home(d));
      w.copies++;
      if (!seenHomes.has(home(d))) (seenHomes.add(home(d)), w.messages++, w.people.add(person(from)));
      w.people.add(person(d));
      if (clear) w.clear++;
    }
    for (const [k, d] of to.entries()) {
      if ((m + k) % 6 === 0) continue; // not delivered
      c.listener({ type: 'deliver', t: m + 10, msg, to: d, latency: 10 + k } as never);
      const w = pair(home(from), home(d));
      w.delivered++;
      if (k % 2 === 0) {
        const f = (m % 10) / 10;
        c.rendered(d, msg, f, f < 1);
        w.rendered++;
        w.fidelity += f;
      }
    }
  }
  const r = c.report({ defaultArrangement: 'federated', defaultProtocol: 'mls' }, homes, { forgersOf: () => 0, accountsOf: (p) => p.length });
  assert.equal(r.pairs.length, want.size);
  assert.ok(r.pairs.filter((p) => p.rendered > 0).length >= 6, 'renderings in most pairs');
  for (const p of r.pairs) {
    const w = want.get(`${p.from}>${p.to}`)!;
    assert.equal(p.copies, w.copies, `${p.from}>${p.to} copies`);
    assert.equal(p.messages, w.messages, `${p.from}>${p.to} messages`);
    assert.equal(p.delivered, w.delivered);
    assert.equal(p.rendered, w.rendered);
    const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) < 1e-12;
    assert.ok(close(p.featureFidelity, w.fidelity / w.rendered), `${p.from}>${p.to} fidelity ${p.featureFidelity} ${w.fidelity / w.rendered}`);
    assert.ok(close(p.cleartextPct, (100 * w.clear) / w.copies));
    const people = [...w.people];
    assert.ok(close(p.accountsPerUser, people.reduce((s, x) => s + x.length, 0) / people.length));
  }
});
