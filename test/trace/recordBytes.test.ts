import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { Trace, canonicalJson, type TraceRecord } from '../../sim/trace/index.ts';
import { LineBytes } from '../../sim/trace/lineBytes.ts';
import { writeRecord } from '../../sim/trace/recordBytes.ts';

// One record of every type, each optional field both absent and present, in the key order the emitters write.
const typical: Record<string, unknown>[] = [
  { type: 'send', t: 1000, msg: 'c1-m0', from: 'provA/u0/d0', to: ['provB/u1/d0', 'provB/u1/d1'], kind: 'application', bytes: 321 },
  { type: 'send', t: 1000, msg: 'c1-m1', from: 'provA/u0/d0', to: [], kind: 'application', bytes: 0 },
  { type: 'hop-enqueue', t: 7382, env: 'e1', msg: 'c1-m0', kind: 'application', from: 'provA/u0/d1', node: 'provA', bytes: 1669, payload: '394b847973a9903b776808f12781ad69' },
  { type: 'hop-enqueue', t: 7382, env: 'e1', kind: 'key-package', from: 'provA/u0/d1', node: 'provA', bytes: 1669, payload: '394b847973a9903b776808f12781ad69' },
  { type: 'hop-dequeue', t: 7582, env: 'e1', node: 'provA' },
  { type: 'wire-drop', t: 5, env: 'e9', msg: 'c1-m0', kind: 'application', from: 'provA', node: 'provB', reason: 'loss' },
  { type: 'wire-drop', t: 5, env: 'e9', kind: 'commit', from: 'provA', node: 'provB', reason: 'queue-full' },
  { type: 'deliver', t: 9000, msg: 'c1-m0', to: 'provB/u1/d0', latency: 8000 },
  { type: 'drop', t: 9000, msg: 'c1-m0', to: 'provB/u1/d0', reason: 'stored-at-end' },
  { type: 'reject', t: 9000, msg: 'c1-m0', to: 'provB/u1/d0', by: 'provB', reason: 'bad signature' },
  { type: 'decrypt', t: 9000, msg: 'c1-m0', by: 'provB/u1/d0', ok: true },
  { type: 'decrypt', t: 9000, msg: 'c1-m0', by: 'provB/u1/d0', ok: false, reason: 'plaintext mismatch' },
  { type: 'plaintext-observed', t: 1, msg: 'c1-m0', by: 'bridge' },
  { type: 'expose', t: 1, msg: 'c1-m0', by: 'bridge', as: 'bridge' },
  { type: 'mls', t: 2, op: 'commit-add', by: 'provA/u0/d0', group: 'g1', epoch: 3, bytes: 2048 },
  { type: 'mls', t: 2, op: 'process-commit', by: 'provA/u0/d0', group: 'g1', epoch: -1, bytes: 0, outcome: 'wrong epoch' },
  { type: 'verify', t: 3, group: 'g1', epoch: 4, by: 'provA/u0/d0', ok: true },
  { type: 'note', t: 4, by: 'ds', text: 'action 3 commit' },
  { type: 'skip', t: 5, conversation: 'c7', reason: 'sender-offline' },
  { type: 'skip', t: 5, conversation: 'c7', reason: 'left', by: 'provA/u0/d0' },
];

const oddStrings = [
  '', 'a"b', 'back\\slash', 'tab\there', 'nl\n', '\u0000', '\u001f', '\u007f', 'é', 'ü\u00ff', '\u0800', '日本語', '\u2028\u2029', '\uffff',
  '😀', 'a\ud83d\ude00b', '\ud800', '\udfff', 'x\ud83d', '\ude00x', '\ud83d\ud83d', 'x'.repeat(3000),
];
const oddValues: unknown[] = [...oddStrings, 0, -0, -1, 0.5, -1.25e-7, 1e21, 2 ** 53, 2 ** 53 + 2, -(2 ** 60), NaN, Infinity, -Infinity, true, false, null, undefined, 10n, ['a'], { b: 1, a: 2 }, new Uint8Array([1, 2])];

/** The line `writeRecord` writes (or undefined when it declines), and canonicalJson's. */
function both(r: object): { fast: string | undefined; canonical: string } {
  const w = new LineBytes(Buffer.alloc(1 << 16));
  const ok = writeRecord(w, r as TraceRecord);
  return { fast: ok ? Buffer.from(w.bytes.subarray(0, w.pos)).toString('utf8') : undefined, canonical: canonicalJson(r) };
}

function assertSameBytes(r: object): boolean {
  const w = new LineBytes(Buffer.alloc(1 << 16));
  const ok = writeRecord(w, r as TraceRecord);
  if (ok) assert.deepEqual(Buffer.from(w.bytes.subarray(0, w.pos)), Buffer.from(canonicalJson(r), 'utf8'), JSON.stringify(r));
  return ok;
}

test('every record type is written by its own writer, byte for byte as canonicalJson writes it', () => {
  for (const r of typical) assert.equal(assertSameBytes(r), true, `${r['type']} took the general path`);
  const types = new Set(typical.map((r) => r['type']));
  assert.equal(types.size, 14);
});

test('odd strings and values in every field: the same bytes, or the general path', () => {
  let fast = 0;
  let declined = 0;
  for (const r of typical) {
    for (const key of Object.keys(r)) {
      if (key === 'type') continue;
      for (const v of oddValues) {
        const odd = { ...r, [key]: v };
        if (assertSameBytes(odd)) fast++;
        else declined++;
        if (Array.isArray(r[key])) {
          const inArray = { ...r, [key]: ['ok', v, 'ok'] };
          if (assertSameBytes(inArray)) fast++;
          else declined++;
        }
      }
    }
  }
  // Strings that need no escape (non-ASCII and surrogate pairs included) and finite numbers stay on the typed path.
  assert.ok(fast > 500 && declined > 500, `${fast} fast, ${declined} declined`);
  assert.equal(both({ ...typical[4], node: '日本😀é' }).fast, '{"env":"e1","node":"日本😀é","t":7582,"type":"hop-dequeue"}');
  assert.equal(both({ ...typical[4], t: -0 }).fast, '{"env":"e1","node":"provA","t":0,"type":"hop-dequeue"}');
  assert.equal(both({ ...typical[4], t: 2 ** 53 + 2 }).fast, '{"env":"e1","node":"provA","t":9007199254740994,"type":"hop-dequeue"}');
  assert.equal(both({ ...typical[4], t: 1e21 }).fast, '{"env":"e1","node":"provA","t":1e+21,"type":"hop-dequeue"}');
  for (const s of ['a"b', '\\', '\n', '\u0000', '\ud800', '\udfff', 'x\ud83d', '\ude00x']) assert.equal(both({ ...typical[4], node: s }).fast, undefined, JSON.stringify(s));
});

test('extra keys, undefined optional keys, key order and odd objects: the same bytes', () => {
  for (const r of typical) {
    assert.equal(assertSameBytes({ ...r, extra: 'x' }), false);
    assert.equal(assertSameBytes({ zz: 1, ...r }), false);
    assert.equal(assertSameBytes(Object.fromEntries(Object.entries(r).reverse())), true);
    const proto = Object.assign(Object.create({ inherited: 1 }) as object, r);
    assert.equal(assertSameBytes(proto), false);
    const bare = Object.assign(Object.create(null) as object, r);
    assert.equal(assertSameBytes(bare), false);
  }
  assert.equal(assertSameBytes({ type: 'decrypt', t: 1, msg: 'm', by: 'd', ok: true, reason: undefined }), false);
  assert.equal(assertSameBytes({ type: 'hop-enqueue', t: 1, env: 'e', msg: undefined, kind: 'commit', from: 'a', node: 'b', bytes: 1, payload: 'p' }), false);
  assert.equal(assertSameBytes({ type: 'skip', t: 1, conversation: 'c', reason: 'left', by: undefined }), false);
  assert.equal(assertSameBytes({ type: 'hop-dequeue', t: 1, env: 'e' }), false);
  assert.equal(assertSameBytes({ type: 'no-such-type', t: 1 }), false);
});

test('the trace: lines, digest and line listeners match canonicalJson whichever path wrote each record, across batches', () => {
  const records: object[] = [];
  for (let i = 0; i < 4000; i++) {
    const r = typical[i % typical.length]!;
    const odd = oddValues[i % oddValues.length];
    records.push(i % 3 === 0 ? { ...r, t: i, [Object.keys(r)[2]!]: odd } : { ...r, t: i });
  }
  records.push({ type: 'note', t: 1, by: 'ds', text: 'y'.repeat(70_000) }); // a line longer than a batch
  records.push({ type: 'note', t: 1, by: 'ds', text: 'é'.repeat(30_000) }); // needs more room than is left
  records.push({ type: 'send', t: 1, msg: 'm', from: 'a', to: Array.from({ length: 5000 }, (_, i) => `provB/u${i}/d0`), kind: 'application', bytes: 1 });
  const trace = new Trace();
  const lines: string[] = [];
  let seen = 0;
  trace.subscribe(() => void seen++);
  trace.subscribeLines((_r, line) => lines.push(line));
  for (const r of records) trace.emit(r as TraceRecord);
  const expected = records.map((r) => canonicalJson(r));
  assert.deepEqual(lines, expected);
  assert.equal(seen, records.length);
  assert.equal(trace.digest(), createHash('sha256').update(expected.map((l) => `${l}\n`).join('')).digest('hex'));
});

test('records of every type fill batch after batch on the typed path, none written the general way', () => {
  const trace = new Trace();
  const lines: string[] = [];
  trace.subscribeLines((_r, line) => lines.push(line));
  // Strings of many lengths, so records end at every offset near the end of a batch.
  const records = Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? { type: 'note', t: i, by: 'x'.repeat(i % 97), text: 'é'.repeat(i % 301) } : { ...typical[i % typical.length]!, t: i }));
  for (const r of records) trace.emit(r as TraceRecord);
  assert.equal(trace.generalRecords, 0);
  assert.deepEqual(lines, records.map((r) => canonicalJson(r)));
  assert.equal(trace.digest(), createHash('sha256').update(lines.map((l) => `${l}\n`).join('')).digest('hex'));
});

test('a listener that emits in turn: each line listener still gets its own record\'s line, the digest covers both in emission order', () => {
  const trace = new Trace();
  const seen: [object, string][] = [];
  trace.subscribe((r) => {
    if (r.type === 'deliver') trace.emit({ type: 'note', t: r.t, by: r.to, text: `saw ${r.msg}` } as TraceRecord);
  });
  trace.subscribeLines((r, line) => void seen.push([r, line]));
  const records = typical.filter((r) => r['type'] === 'deliver' || r['type'] === 'hop-dequeue');
  for (let i = 0; i < 3000; i++) trace.emit({ ...records[i % records.length]!, t: i } as TraceRecord);
  for (const [r, line] of seen) assert.equal(line, canonicalJson(r));
  assert.equal(seen.length, 4500);
  assert.equal(trace.generalRecords, 0);
});

test('every payload kind written as its constant, and integers at every digit count: the same bytes', () => {
  const kinds = ['application', 'commit', 'proposal', 'welcome', 'key-package', 'group-info', 'control', 'cleartext', 'other-kind', 'Application'];
  for (const kind of kinds) {
    assert.equal(assertSameBytes({ type: 'hop-enqueue', t: 1, env: 'e1', kind, from: 'a', node: 'b', bytes: 1, payload: 'p' }), true, kind);
    assert.equal(assertSameBytes({ type: 'send', t: 1, msg: 'm', from: 'a', to: ['b'], kind, bytes: 1 }), true, kind);
    assert.equal(assertSameBytes({ type: 'wire-drop', t: 1, env: 'e1', kind, from: 'a', node: 'b', reason: 'loss' }), true, kind);
  }
  assert.equal(assertSameBytes({ type: 'send', t: 1, msg: 'm', from: 'a', to: ['b'], kind: 'appl"ication', bytes: 1 }), false);
  for (let d = 0; d <= 16; d++)
    for (const v of [10 ** d - 1, 10 ** d, 10 ** d + 1, -(10 ** d), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])
      if (Number.isSafeInteger(v)) assert.equal(assertSameBytes({ type: 'hop-dequeue', t: v, env: 'e1', node: 'n' }), true, String(v));
});
