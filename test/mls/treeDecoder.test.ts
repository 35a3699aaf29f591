// The fast ratchet-tree decoder builds exactly ts-mls's objects (deep equality, same byte count), on
// trees from the RFC 9420 test vectors, on trees the engine grows (GREASE, x509 in capabilities, leaf
// extensions, commit-source leaves, parent nodes with unmerged leaves), and on mutated bytes, where
// both give the same tree, the same undefined, or throw the same error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeRatchetTree } from 'ts-mls/ratchetTree.js';
import { encode, composeBufferEncoders } from 'ts-mls/codec/tlsEncoder.js';
import { varLenDataEncoder } from 'ts-mls/codec/variableLength.js';
import { leafNodeEncoder, leafNodeTBSEncoder } from 'ts-mls/leafNode.js';
import type { LeafNode, RatchetTree } from 'ts-mls';
import { leafEncoding, leafSignContent } from '../../sim/mls/tsMls/leafEncoding.ts';
import { decodeTreeFast } from '../../sim/mls/tsMls/treeDecoder.ts';
import { buildGroup, expectOk, seededBytes, testEngine } from './helpers.ts';

const outcome = (f: () => unknown) => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
};
const same = (bytes: Uint8Array, what: string) => assert.deepStrictEqual(outcome(() => decodeTreeFast(bytes, 0)), outcome(() => decodeRatchetTree(bytes, 0)), what);

const vectorTrees = (): Uint8Array[] => {
  const dir = new URL('./fixtures/vectors/', import.meta.url);
  const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
  const out: Uint8Array[] = [];
  const pick = (file: string, fields: string[]) => {
    for (const c of JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>[]) {
      for (const f of fields) if (typeof c[f] === 'string' && c[f] !== '') out.push(hex(c[f] as string));
    }
  };
  pick('tree-validation.json', ['tree']);
  pick('treekem.json', ['ratchet_tree']);
  pick('tree-operations.json', ['tree_before', 'tree_after']);
  pick('passive-client-welcome.json', ['ratchet_tree']);
  return out;
};

test('RFC 9420 vector trees decode to the same objects', () => {
  const trees = vectorTrees();
  assert.ok(trees.length >= 8, `${trees.length} trees`);
  for (const [i, t] of trees.entries()) {
    const fast = decodeTreeFast(t, 0);
    assert.ok(fast !== undefined);
    assert.deepStrictEqual(fast, decodeRatchetTree(t, 0), `vector tree ${i}`);
  }
});

test('engine trees (GREASE, x509, leaf extensions, commits, unmerged leaves) decode to the same objects, and mutations agree', async () => {
  const engine = testEngine();
  const parties = await buildGroup(engine, 1, ['a', 'b', 'c', 'd', 'e']);
  const [a, b] = parties;
  const c1 = expectOk(await engine.commit(b!.state, { forcePath: true }));
  a!.state = expectOk(await engine.processHandshake(a!.state, c1.commit)).state;
  const f = await engine.createMember({ identity: 'f', ciphersuite: 1, randomBytes: seededBytes('f'), capabilities: { credentials: ['x509'] }, grease: true });
  const g = await engine.createMember({ identity: 'g', ciphersuite: 1, randomBytes: seededBytes('g'), leafExtensions: [{ type: 0xff01, data: new Uint8Array([1, 2, 3]) }] });
  const kps = [await engine.generateKeyPackage(f), await engine.generateKeyPackage(g)];
  const added = expectOk(await engine.commit(a!.state, { adds: kps.map((k) => k.keyPackage) }));
  const tree = engine.ratchetTree(added.state);
  const ts = decodeRatchetTree(tree, 0)!;
  assert.ok(ts[0].some((n) => n?.nodeType === 'parent' && n.parent.unmergedLeaves.length > 0), 'has unmerged leaves');
  assert.ok(ts[0].some((n) => n?.nodeType === 'leaf' && n.leaf.leafNodeSource === 'commit'), 'has a commit leaf');
  same(tree, 'whole tree');
  checkRemembered(decodeTreeFast(tree, 0)![0], new TextEncoder().encode('x'));
  const r = seededBytes('mutations');
  for (let k = 0; k < 400; k++) {
    const m = tree.slice();
    const [pos, val] = r(4);
    const at = ((pos! << 8) | val!) % m.length;
    m[at] = k % 3 === 0 ? m[at]! ^ 0x40 : r(1)[0]!;
    same(m, `mutation ${k} at ${at}`);
    same(tree.subarray(0, at), `truncated at ${at}`);
  }
});

// The remembered wire bytes are what ts-mls encodes, and the SignContent what verifyWithLabel signs over.
function checkRemembered(tree: RatchetTree, groupId: Uint8Array): void {
  const sc = encode(composeBufferEncoders([varLenDataEncoder, varLenDataEncoder]));
  let leaves = 0;
  for (const [i, n] of tree.entries()) {
    if (n?.nodeType !== 'leaf') continue;
    const e = leafEncoding(n.leaf);
    assert.ok(e !== undefined, `leaf ${i / 2} remembered`);
    assert.deepStrictEqual(e.bytes, encode(leafNodeEncoder)(n.leaf));
    const tbs = n.leaf.leafNodeSource === "key_package" ? n.leaf : ({ ...n.leaf, groupId, leafIndex: i / 2 } as unknown as LeafNode);
    assert.deepStrictEqual(leafSignContent(n.leaf, e, groupId, i / 2), sc([new TextEncoder().encode('MLS 1.0 LeafNodeTBS'), encode(leafNodeTBSEncoder)(tbs as never)]));
    leaves++;
  }
  assert.ok(leaves > 0);
}

test('a leaf whose lengths are not in their shortest form decodes the same but is not remembered', async () => {
  const engine = testEngine();
  const [a] = await buildGroup(engine, 1, ['a', 'b']);
  const tree = engine.ratchetTree(a!.state);
  // The first leaf's hpke key: node vector header, presence 1, type leaf, then 0x20 (32 bytes) -> 0x40 0x20.
  const header = tree[0]! >> 6 === 1 ? 2 : tree[0]! >> 6 === 2 ? 4 : 1;
  const at = header + 2;
  assert.equal(tree[at], 0x20);
  const body = Uint8Array.from([...tree.subarray(header, at), 0x40, 0x20, ...tree.subarray(at + 1)]);
  const n = body.length;
  const longer = Uint8Array.from([0x80 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff, ...body]);
  same(longer, 'non-minimal');
  const decoded = decodeTreeFast(longer, 0)![0];
  const leaf = decoded[0];
  assert.ok(leaf?.nodeType === 'leaf');
  assert.equal(leafEncoding(leaf.leaf), undefined);
  const other = decoded.find((x, i) => i > 0 && x?.nodeType === 'leaf');
  assert.ok(other?.nodeType === 'leaf' && leafEncoding(other.leaf) !== undefined, 'the other leaf is remembered');
});

test('KeyPackage messages: the fast decoder builds decodeMlsMessage\'s objects and the TBS bytes ts-mls encodes; mutations agree', async () => {
  const { decodeKeyPackageMessageFast, keyPackageTbsBytes } = await import('../../sim/mls/tsMls/treeDecoder.ts');
  const { decodeMessage } = await import('../../sim/mls/tsMls/wire.ts');
  const { keyPackageTBSEncoder } = await import('ts-mls/keyPackage.js');
  const engine = testEngine();
  const members = [
    await engine.createMember({ identity: 'f', ciphersuite: 1, randomBytes: seededBytes('f'), capabilities: { credentials: ['x509'] }, grease: true }),
    await engine.createMember({ identity: 'g', ciphersuite: 3, randomBytes: seededBytes('g'), leafExtensions: [{ type: 0xff01, data: new Uint8Array([1, 2, 3]) }] }),
  ];
  const either = (b: Uint8Array) => {
    const fast = decodeKeyPackageMessageFast(b);
    return fast === 'fallback' ? decodeMessage(b) : fast;
  };
  for (const m of members) {
    const kp = (await engine.generateKeyPackage(m)).keyPackage;
    const fast = decodeKeyPackageMessageFast(kp);
    assert.notEqual(fast, 'fallback');
    assert.deepStrictEqual(fast, decodeMessage(kp));
    const k = (fast as { keyPackage: Parameters<typeof keyPackageTbsBytes>[0] }).keyPackage;
    assert.deepStrictEqual(keyPackageTbsBytes(k), encode(keyPackageTBSEncoder)(k));
    const r = seededBytes('kp-mutations');
    for (let i = 0; i < 300; i++) {
      const x = kp.slice();
      const [p, q] = r(2);
      const at = ((p! << 8) | q!) % x.length;
      x[at] = i % 2 === 0 ? x[at]! ^ 0x40 : r(1)[0]!;
      assert.deepStrictEqual(outcome(() => either(x)), outcome(() => decodeMessage(x)), `mutation ${i} at ${at}`);
      assert.deepStrictEqual(outcome(() => either(kp.subarray(0, at))), outcome(() => decodeMessage(kp.subarray(0, at))), `truncated at ${at}`);
    }
  }
});

test('two members decoding the same tree share each node object, which owns its bytes; other nodes are not shared', async () => {
  const engine = testEngine();
  const [, b] = await buildGroup(engine, 1, ['a', 'b', 'c']);
  const bytes = engine.ratchetTree(expectOk(await engine.commit(b!.state, { forcePath: true })).state);
  const first = decodeTreeFast(bytes.slice(), 0)![0];
  const input = bytes.slice();
  const second = decodeTreeFast(input, 0)![0];
  assert.deepStrictEqual(second, decodeRatchetTree(bytes, 0)![0]);
  const leaves = first.flatMap((n, i) => (n?.nodeType === 'leaf' ? [i] : []));
  assert.equal(leaves.length, 3);
  const parents = first.flatMap((n, i) => (n?.nodeType === 'parent' ? [i] : []));
  assert.ok(parents.length > 0, 'the path commit left parent nodes');
  for (const i of [...leaves, ...parents]) {
    assert.equal(second[i], first[i], `node ${i} is one object`);
    const n = second[i]!;
    const bytes = n.nodeType === 'leaf' ? n.leaf.signature : n.parent.hpkePublicKey;
    assert.notEqual(bytes.buffer, input.buffer, 'not a view into the message it came in');
  }
  input.fill(0);
  assert.deepStrictEqual(second, decodeRatchetTree(bytes, 0)![0], 'the caller reusing its buffer changes no tree');
  checkRemembered(second, new TextEncoder().encode('x'));
  const [other] = await buildGroup(engine, 1, ['a', 'b', 'c'], 'another');
  const third = decodeTreeFast(engine.ratchetTree(other!.state), 0)![0];
  for (const i of leaves) assert.notEqual(third[i], first[i], 'different keys, different leaves');
});
