import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { at, messageId, nodeId } from '../../sim/core/index.ts';
import { JsonlWriter, Trace, canonicalJson } from '../../sim/trace/index.ts';

test('canonical JSON sorts keys at every level and hex-encodes bytes', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 2, y: 3 }], c: new Uint8Array([255, 1]) } }), '{"a":{"c":"ff01","d":[1,{"y":3,"z":2}]},"b":1}');
  assert.equal(canonicalJson({ x: undefined, y: 10n }), '{"y":"10"}');
});

test('canonical JSON: shapes that share a key prefix, odd keys, byte views and empty values', () => {
  assert.equal(canonicalJson({ b: 1, a: 2 }), '{"a":2,"b":1}');
  assert.equal(canonicalJson({ b: 1 }), '{"b":1}');
  assert.equal(canonicalJson({ b: 1, a: 2, c: 3 }), '{"a":2,"b":1,"c":3}');
  assert.equal(canonicalJson({ b: undefined, a: 2 }), '{"a":2}');
  assert.equal(canonicalJson({ 'é"': 1, '': [undefined, null, NaN, -0] }), '{"":[null,null,null,0],"é\\"":1}');
  assert.equal(canonicalJson(new Uint8Array(new Uint8Array([9, 1, 2, 3]).buffer, 1, 2)), '"0102"');
  assert.equal(canonicalJson({}), '{}');
  assert.equal(canonicalJson([]), '[]');
});

test('the digest is SHA-256 over the JSONL lines, however many records are batched', () => {
  const t = new Trace();
  const lines: string[] = [];
  t.subscribeLines((_r, line) => lines.push(line));
  for (let i = 0; i < 3000; i++) t.emit({ type: 'hop-dequeue', t: i, env: `e${i}`, node: 'x'.repeat(i % 50) } as never);
  assert.equal(t.digest(), createHash('sha256').update(lines.map((l) => `${l}\n`).join('')).digest('hex'));
  assert.equal(t.records, 3000);
});

test('digest depends on records and their order, not on key order', () => {
  const d = (recs: object[]) => {
    const t = new Trace();
    for (const r of recs) t.emit(r as never);
    return t.digest();
  };
  const r1 = { type: 'note', t: at(1), by: nodeId('x'), text: 'a' };
  const r1b = { text: 'a', by: nodeId('x'), t: at(1), type: 'note' };
  const r2 = { type: 'note', t: at(2), by: nodeId('x'), text: 'b' };
  assert.equal(d([r1, r2]), d([r1b, r2]));
  assert.notEqual(d([r1, r2]), d([r2, r1]));
  assert.match(d([]), /^[0-9a-f]{64}$/);
});

test('JSONL writer streams every record and the file hashes to the digest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'isim-'));
  const path = join(dir, 'trace.jsonl');
  const trace = new Trace();
  const w = new JsonlWriter(path, trace);
  // Many batches, a line longer than a batch, and a line the general path writes.
  for (let i = 0; i < 3000; i++) trace.emit({ type: 'deliver', t: at(i), msg: messageId(`m${i}`), to: nodeId('b'), latency: i });
  trace.emit({ type: 'note', t: at(1), by: nodeId('x'), text: 'z'.repeat(100_000) });
  trace.emit({ type: 'note', t: at(1), by: nodeId('x'), text: 'a "quoted" line' });
  w.close();
  const text = readFileSync(path, 'utf8');
  assert.equal(text.split('\n').filter(Boolean).length, 3002);
  const { createHash } = await import('node:crypto');
  assert.equal(createHash('sha256').update(text).digest('hex'), trace.digest());
});

test('canonical JSON: a shape first seen with flat values still writes other values of that shape exactly', () => {
  // The first object of a shape fixes its fast writer's value types; any other type falls back.
  const shape = (a: unknown, b: unknown, c: unknown) => ({ zeta: a, alpha: b, mid: c });
  assert.equal(canonicalJson(shape('x', 1, true)), '{"alpha":1,"mid":true,"zeta":"x"}');
  assert.equal(canonicalJson(shape('y"\n', -0, false)), '{"alpha":0,"mid":false,"zeta":"y\\"\\n"}');
  assert.equal(canonicalJson(shape(undefined, 2, true)), '{"alpha":2,"mid":true}');
  assert.equal(canonicalJson(shape('x', NaN, true)), '{"alpha":null,"mid":true,"zeta":"x"}');
  assert.equal(canonicalJson(shape(5, '5', null)), '{"alpha":"5","mid":null,"zeta":5}');
  assert.equal(canonicalJson(shape(['a'], { b: 1, a: 2 }, new Uint8Array([1]))), '{"alpha":{"a":2,"b":1},"mid":"01","zeta":["a"]}');
  assert.equal(canonicalJson(shape('x', 10n, true)), '{"alpha":"10","mid":true,"zeta":"x"}');
  // Keys that need escaping are written (and read) exactly.
  assert.equal(canonicalJson({ 'a"b': 1, "c'd": 'e', '\\': true }), String.raw`{"\\":true,"a\"b":1,"c'd":"e"}`);
});

test('lines written a little after their records: the same digest, bytes and counts as a line listener sees at once', () => {
  // A mix of every path: typed records, general ones (an escape), a line longer than a batch, sends with frozen and unfrozen lists.
  const records = (): object[] => {
    const out: object[] = [];
    for (let i = 0; i < 2500; i++) {
      out.push({ type: 'hop-enqueue', t: i, env: `e${i}`, kind: 'application', from: 'p1/u1/d0', node: 'p1', bytes: i, payload: 'ab'.repeat(16) });
      if (i % 7 === 0) out.push({ type: 'note', t: i, by: 'x', text: i % 14 === 0 ? 'a "quoted" note' : 'plain' });
      if (i % 11 === 0) out.push({ type: 'send', t: i, msg: `m${i}`, from: 'a', to: i % 22 === 0 ? Object.freeze(['b', 'c']) : ['b', 'c'], kind: 'application', bytes: 3 });
      if (i === 1000) out.push({ type: 'note', t: i, by: 'x', text: 'z'.repeat(100_000) });
    }
    return out;
  };
  const seen: object[] = [];
  const deferred = new Trace();
  const bytes: Buffer[] = [];
  deferred.subscribe((r) => void seen.push(r));
  deferred.subscribeBytes((b) => void bytes.push(Buffer.from(b)));
  const lines: string[] = [];
  const atOnce = new Trace();
  atOnce.subscribeLines((_r, line) => void lines.push(line));
  const recs = records();
  for (const r of recs) {
    deferred.emit(r as never);
    // Each listener sees its record when it is emitted.
    assert.equal(seen[seen.length - 1], r);
    atOnce.emit(r as never);
  }
  assert.equal(deferred.records, recs.length);
  assert.equal(deferred.generalRecords, atOnce.generalRecords);
  assert.ok(deferred.generalRecords > 100);
  assert.equal(deferred.digest(), atOnce.digest());
  assert.equal(Buffer.concat(bytes).toString('utf8'), lines.map((l) => `${l}\n`).join(''));
  assert.throws(() => deferred.emit({ type: 'note', t: 1, by: 'x', text: 'late' } as never), /emit after digest/);
});

test('a send whose recipient list is not frozen is written at once: changing the list afterwards changes nothing', () => {
  const d = (mutate: boolean) => {
    const t = new Trace();
    const to = ['b', 'c'];
    t.emit({ type: 'hop-dequeue', t: at(1), env: 'e1', node: nodeId('n') } as never);
    t.emit({ type: 'send', t: at(2), msg: messageId('m'), from: nodeId('a'), to: to as never, kind: 'application', bytes: 1 });
    if (mutate) to.push('d');
    t.emit({ type: 'hop-dequeue', t: at(3), env: 'e2', node: nodeId('n') } as never);
    return t.digest();
  };
  assert.equal(d(true), d(false));
});

test('a listener that emits in turn: its records come after the one it was told of, in the lines and the digest', () => {
  const t = new Trace();
  const lines: string[] = [];
  const plain = new Trace();
  t.subscribe((r) => {
    if (r.type === 'note' && r.text === 'outer') t.emit({ type: 'note', t: at(2), by: nodeId('y'), text: 'inner' });
  });
  t.subscribeBytes((b) => void lines.push(Buffer.from(b).toString('utf8')));
  t.emit({ type: 'note', t: at(1), by: nodeId('x'), text: 'outer' });
  t.emit({ type: 'note', t: at(3), by: nodeId('x'), text: 'after' });
  plain.emit({ type: 'note', t: at(1), by: nodeId('x'), text: 'outer' });
  plain.emit({ type: 'note', t: at(2), by: nodeId('y'), text: 'inner' });
  plain.emit({ type: 'note', t: at(3), by: nodeId('x'), text: 'after' });
  assert.equal(t.digest(), plain.digest());
  assert.deepEqual(lines.join('').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text), ['outer', 'inner', 'after']);
});
