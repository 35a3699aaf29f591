// Bad vector files: each is a VectorFileError whose one line names the file, the case and the field.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readVectorFile, VectorFileError } from '../../sim/mlsVectors/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'vector-files-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const treeMath = { n_leaves: 1, n_nodes: 1, root: 0, left: [null], right: [null], parent: [null], sibling: [null] };
const psk = { cipher_suite: 1, psks: [{ psk_id: '00', psk: '01', psk_nonce: '02' }], psk_secret: 'ab' };

function rejects(text: string, message: (path: string) => string) {
  const p = write(`f${Math.abs(hash(text))}.json`, text);
  assert.throws(() => readVectorFile(p), (e: unknown) => {
    assert.ok(e instanceof VectorFileError);
    assert.equal(e.message, message(p));
    assert.ok(!e.message.includes('\n'));
    return true;
  });
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

test('files that are not arrays of cases', () => {
  rejects('{"a": 1', (p) => `${p}: not JSON (Expected ',' or '}' after property value in JSON at position 7)`);
  rejects('{"cases": []}', (p) => `${p}: expected a JSON array of test cases`);
  rejects('[]', (p) => `${p}: the array holds no test cases`);
  rejects('[{"hello": 1}]', (p) => `${p}: case 0: its fields match no known vector kind (fields: hello)`);
  rejects('[42]', (p) => `${p}: case 0: its fields match no known vector kind (not an object)`);
});

test('a bad case names its index and the field path', () => {
  rejects(JSON.stringify([treeMath, { ...treeMath, root: -1 }]), (p) => `${p}: case 1: root: expected a non-negative integer, got -1`);
  rejects(JSON.stringify([treeMath, treeMath, { ...treeMath, sibling: [null, 'x'] }]), (p) => `${p}: case 2: sibling[1]: expected a non-negative integer, got "x"`);
  rejects(JSON.stringify([psk, { ...psk, psks: [{ psk_id: '00', psk: '0' }] }]), (p) => `${p}: case 1: psks[0].psk: expected a hex string, got "0"`);
  rejects(JSON.stringify([psk, { cipher_suite: 1, psk_secret: '00' }]), (p) => `${p}: case 1: psks: missing`);
  // A case of another kind in the file says so.
  rejects(JSON.stringify([psk, treeMath]), (p) => `${p}: case 1: cipher_suite: missing (a tree-math case in a psk_secret file)`);
});
