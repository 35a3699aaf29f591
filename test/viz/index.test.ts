import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkCompare } from '../../viz/compareFile.ts';
import { flowWindow, histogram } from '../../viz/flowWindow.ts';
import { forceLayout } from '../../viz/forceLayout.ts';
import { groupList, groupSeries } from '../../viz/groupSeries.ts';
import { TraceIndexBuilder, indexTrace } from '../../viz/indexTrace.ts';
import { messageDetail } from '../../viz/messageDetail.ts';
import { loadRunDir } from '../../viz/runDir.ts';
import { ARROW_CLASSES, TraceFormatError } from '../../viz/traceIndex.ts';
import { COMPARE_FIXTURE, writeSmallRun } from './fixtures/smallRun.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-viz-index-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const facts = writeSmallRun(join(dir, 'small'), { compare: true });
const run = await loadRunDir(join(dir, 'small'), 'small');
const t = run.trace!;

const arrowOf = (msg: string, to: string) => {
  const { arrows, msgIds, nodes } = t.index;
  for (let i = 0; i < arrows.count; i++) if (arrows.msg[i] === msgIds.lookup(msg) && arrows.to[i] === nodes.lookup(to)) return i;
  throw new Error(`no arrow ${msg} -> ${to}`);
};
const clsOf = (i: number) => ARROW_CLASSES[t.index.arrows.cls[i]!];

describe('trace index of the small fixture run', () => {
  it('has one arrow per hop-enqueue and wire-drop, in arrival order', () => {
    assert.deepEqual(run.errors, []);
    assert.equal(t.index.lines, facts.lines);
    assert.equal(t.index.arrows.count, facts.arrows);
    assert.equal(t.index.messages.count, facts.messages);
    const t1 = [...t.index.arrows.t1];
    assert.deepEqual(t1, [...t1].sort((a, b) => a - b));
    for (let i = 0; i < t.index.arrows.count; i++) assert.ok(t.index.arrows.t0[i]! <= t.index.arrows.t1[i]!, `arrow ${i} departs before it arrives`);
  });

  it('classifies protection per hop: e2ee, re-encrypted after the bridge decrypted, lost, rejected, handshake, control', () => {
    assert.equal(clsOf(arrowOf('m1', 'provB/u0/d0')), 'e2ee');
    assert.equal(clsOf(arrowOf('m2', 'bridge1')), 'e2ee', 'the hop into the bridge is still MLS ciphertext');
    assert.equal(clsOf(arrowOf('m2', 'provB/u1/d0')), 'reencrypted', 'hops after the bridge decrypted carry its re-encryption');
    assert.equal(clsOf(arrowOf('m3', 'provA')), 'dropped', 'the first m3 envelope is lost on the way to provA');
    assert.equal(clsOf(arrowOf('m4', 'provB/u1/d0')), 'rejected');
    assert.equal(clsOf(arrowOf('m4', 'provB')), 'e2ee', 'only the hop to the rejecting device is marked rejected');
    const counts = Object.fromEntries(ARROW_CLASSES.map((c) => [c, 0]));
    for (const c of t.index.arrows.cls) counts[ARROW_CLASSES[c]!]!++;
    assert.equal(counts.handshake, facts.handshakeArrows);
    assert.ok(counts.control! > 0);
    assert.equal(counts.dropped, 2);
  });

  it('dates departures from dequeues, sends and forwards; estimates only undated first hops', () => {
    const d = messageDetail(t.index, t.lanes, arrowOf('m1', 'provB'));
    assert.deepEqual(d.hops.map((h) => h.departure), ['send', 'forward', 'forward', 'dequeue']);
    assert.equal(d.hops[0]!.t0, 300_000);
    const kp = messageDetail(t.index, t.lanes, 1);
    assert.equal(kp.kind, 'key-package');
    assert.equal(kp.hops[0]!.departure, 'link-latency');
    assert.equal(kp.hops[0]!.t1 - kp.hops[0]!.t0, 16_500, 'mean of normal(15 ms) plus half the 3 ms jitter');
  });

  it('message detail names who could read it and every hop', () => {
    const d = messageDetail(t.index, t.lanes, arrowOf('m2', 'provB/u1/d0'));
    assert.equal(d.msg, 'm2');
    assert.equal(d.hops.length, facts.hopsOf.m2);
    assert.deepEqual(d.readers.map((r) => [r.node, r.how]), [['provA/u1/d0', 'sender'], ['bridge1', 'exposed'], ['provB/u1/d0', 'decrypted']]);
    assert.equal(d.readers[1]!.as, 'bridge', 'an older trace\'s plaintext-observed is the bridge');
    assert.match(d.protection, /^NOT end-to-end confidential: decrypted by bridge1 \(bridge\)$/);
    const m4 = messageDetail(t.index, t.lanes, arrowOf('m4', 'provB'));
    assert.deepEqual(m4.outcomes.map((o) => [o.to, o.outcome, o.reason]), [['provB/u1/d0', 'rejected', 'decrypt-wrong-epoch']]);
    assert.equal(m4.decryptFailures.length, 1);
  });

  it('window queries return at most `limit` arrows, all overlapping the window', () => {
    const all = flowWindow(t.index, t.lanes, 0, t.index.tMax + 1, 10_000);
    assert.equal(all.arrows.length, facts.arrows);
    assert.equal(all.truncated, false);
    const some = flowWindow(t.index, t.lanes, 0, t.index.tMax + 1, 7);
    assert.equal(some.arrows.length, 7);
    assert.equal(some.truncated, true);
    assert.equal(some.total, facts.arrows);
    const mid = flowWindow(t.index, t.lanes, 400_000, 500_000, 1000);
    assert.ok(mid.arrows.length > 0);
    for (const a of mid.arrows) assert.ok(a.t1 >= 400_000 && a.t0 < 500_000);
    assert.ok(mid.marks.some((m) => m.type === 'expose' && m.as === 'bridge' && m.by === 'bridge1'));
    const h = histogram(t.index, 10);
    assert.equal(Object.values(h.counts).flat().reduce((s, v) => s + v, 0), facts.arrows);
  });

  it('lanes: a lane per device in a small run, providers then servers in the middle', () => {
    assert.equal(t.lanes.aggregated, false);
    assert.deepEqual(t.lanes.lanes.map((l) => l.id), ['provA/u0/d0', 'provA/u1/d0', 'provA', 'bridge1', 'disco', 'provB', 'provB/u0/d0', 'provB/u1/d0']);
  });

  it('groups: epochs, sizes from verify records, commit sizes, failures', () => {
    assert.deepEqual(groupList(t.index).map((g) => [g.name, g.epochs, g.maxMembers, g.commits, g.failures]), [['g1@provA', 3, 4, 2, 1]]);
    const s = groupSeries(t.index, 'g1@provA')!;
    assert.deepEqual(s.epochs.map((e) => [e.epoch, e.members]), [[0, 0], [1, 4], [2, 3]]);
    assert.deepEqual(s.commits.map((c) => c.bytes), [2400, 1300]);
    assert.equal(groupSeries(t.index, 'nope'), undefined);
  });

  it('topology graph: devices in a bubble per provider, loads and drops on the edges', () => {
    const g = t.graph;
    assert.deepEqual(g.nodes.map((n) => [n.id, n.kind, n.count]), [
      ['bridge1', 'bridge', 1], ['clients:provA', 'clients', 2], ['clients:provB', 'clients', 2], ['disco', 'discovery', 1], ['provA', 'provider', 1], ['provB', 'provider', 1],
    ]);
    const ab = g.edges.find((e) => e.source === 'provA' && e.target === 'provB')!;
    assert.equal(ab.drops, 1);
    assert.ok(ab.bytes > 0);
    assert.equal(g.nodes.find((n) => n.id === 'provB')!.drops, 1, 'the link-down drop happens at provB itself');
  });
});

describe('layout is deterministic', () => {
  it('same graph, same positions, whatever order the input lists nodes in', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, r: 20 }));
    const edges = [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'c', target: 'd' }, { source: 'a', target: 'e' }];
    const one = forceLayout(nodes, edges);
    const two = forceLayout([...nodes].reverse(), [...edges].reverse());
    assert.deepEqual([...one], [...two]);
    assert.notDeepEqual([...one.values()].map((p) => p.x), [0, 0, 0, 0, 0]);
  });
});

describe('bad input', () => {
  it('a malformed line is one error naming the file and the line', async () => {
    const bad = join(dir, 'bad');
    writeSmallRun(bad);
    const lines = readFileSync(join(bad, 'trace.jsonl'), 'utf8').split('\n');
    lines[6] = '{"type":"hop-enqueue","t":5,"env":"e1"';
    writeFileSync(join(bad, 'trace.jsonl'), lines.join('\n'));
    const r = await loadRunDir(bad, 'bad');
    assert.equal(r.trace, undefined);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!, /^bad\/trace\.jsonl:7: invalid JSON \(/);
    assert.doesNotMatch(r.errors[0]!, /\n/);
  });

  it('a wrong field names the record type and field; an unknown record type is skipped', () => {
    const b = new TraceIndexBuilder({ label: 'x/trace.jsonl' });
    b.add('{"type":"future-record","t":1}', 1);
    assert.throws(() => b.add('{"type":"send","t":2,"msg":"m1","from":7,"to":[],"kind":"application","bytes":1}', 2), (e: Error) => e instanceof TraceFormatError && e.message === 'x/trace.jsonl:2: send.from: expected a string, got 7');
    assert.throws(() => b.add('[1,2]', 3), /x\/trace\.jsonl:3: expected a JSON object/);
    assert.equal(b.finish().unknownRecords, 1);
  });

  it('an overlong line is refused without reading it all into one string', async () => {
    const f = join(dir, 'long.jsonl');
    writeFileSync(f, `{"type":"note","t":0,"by":"a","text":"${'x'.repeat(3 << 20)}"}\n`);
    await assert.rejects(indexTrace(f, { label: 'long.jsonl' }), /long\.jsonl:1: line longer than/);
  });

  it('records out of time order are indexed in arrival order; a reordered dequeue line means the same', () => {
    const lines = [
      '{"bytes":9,"env":"e1","from":"a","kind":"control","node":"b","payload":"00","t":50,"type":"hop-enqueue"}',
      '{"t":60,"type":"hop-dequeue","node":"b","env":"e1"}',
      '{"bytes":9,"env":"e1","from":"b","kind":"control","node":"c","payload":"00","t":90,"type":"hop-enqueue"}',
      '{"bytes":9,"env":"e0","from":"a","kind":"control","node":"b","payload":"00","t":20,"type":"hop-enqueue"}',
      '{"env":"e0","node":"b","t":30,"type":"hop-dequeue"}',
      '{"bytes":9,"env":"e0","from":"b","kind":"control","node":"c","payload":"00","t":40,"type":"hop-enqueue"}',
    ];
    const b = new TraceIndexBuilder({ label: 'x' });
    lines.forEach((l, i) => b.add(l, i + 1));
    const idx = b.finish();
    assert.deepEqual([...idx.arrows.t1], [20, 40, 50, 90]);
    assert.deepEqual([...idx.arrows.t0], [20, 30, 50, 60], 'both dequeue spellings date the next departure');
    assert.deepEqual([...idx.arrows.env].map((e) => idx.envIds.at(e)), ['e0', 'e0', 'e1', 'e1']);
  });

  it('compare.json is checked field by field', () => {
    assert.equal(checkCompare(JSON.parse(readFileSync(COMPARE_FIXTURE, 'utf8')), 'c').rows.length, 3);
    assert.throws(() => checkCompare({ kind: 'interop-sim/compare', scenario: 's', seeds: [], rows: [{ architecture: 'x', metrics: { deliveryRatio: { mean: 'high', ci95: 0, values: [] } } }] }, 'c/compare.json'), {
      message: 'c/compare.json: rows[0].metrics.deliveryRatio.mean: expected a number, got "high"',
    });
    assert.throws(() => checkCompare({ kind: 'other' }, 'c'), /kind: expected "interop-sim\/compare"/);
  });
});
