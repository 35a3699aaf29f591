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
  const w = new JsonlWriter(path, 256); // tiny buffer: many flushes
  trace.subscribe(w.listener);
  for (let i = 0; i < 1000; i++) trace.emit({ type: 'deliver', t: at(i), msg: messageId(`m${i}`), to: nodeId('b'), latency: i });
  w.close();
  const text = readFileSync(path, 'utf8');
  assert.equal(text.split('\n').filter(Boolean).length, 1000);
  const { createHash } = await import('node:crypto');
  assert.equal(createHash('sha256').update(text).digest('hex'), trace.digest());
});
