// Matching a Welcome to one of our KeyPackages without trying each (RFC 9420 §5.2, §12.4.3.1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getCiphersuiteFromName, getCiphersuiteImpl, type CiphersuiteName } from 'ts-mls';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { asKeyPackagePrivate } from '../../sim/mls/tsMls/handles.ts';
import { expectOk, seededBytes, utf8, testEngine } from './helpers.ts';

const engine = testEngine();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

for (const [suite, length] of [
  [1, 32],
  [83, 64],
] as const) {
  test(`suite ${suite}: keyPackageRef of the private handle and of the bytes agree with ts-mls (${length}-byte hash)`, async () => {
    const m = await engine.createMember({ identity: 'kp', ciphersuite: suite, randomBytes: seededBytes(`kpref-${suite}`) });
    const a = await engine.generateKeyPackage(m);
    const b = await engine.generateKeyPackage(m);
    const ref = engine.keyPackageRef(a.keyPackagePrivate);
    assert.equal(ref.length, length);
    assert.deepEqual(engine.keyPackageRef(a.keyPackage), ref);
    const name = engine.ciphersuites.find((s) => s.id === suite)!.name as CiphersuiteName;
    const cs = await getCiphersuiteImpl(getCiphersuiteFromName(name));
    assert.deepEqual(ref, await makeKeyPackageRef(asKeyPackagePrivate(a.keyPackagePrivate).keyPackage, cs.hash));
    assert.notDeepEqual(engine.keyPackageRef(b.keyPackagePrivate), ref);
  });
}

test('welcomeRecipients lists the refs of exactly the added KeyPackages, so a joiner picks the right one first', async () => {
  const names = ['creator', 'bob', 'carol', 'dave'];
  const ms = [];
  for (const n of names) ms.push(await engine.createMember({ identity: n, ciphersuite: 1, randomBytes: seededBytes(`wr/${n}`) }));
  const { state } = await engine.createGroup(ms[0]!, utf8('wr-group'));
  // Each joiner holds three KeyPackages; the directory handed out the last one.
  const held = [];
  for (const m of ms.slice(1)) held.push([await engine.generateKeyPackage(m), await engine.generateKeyPackage(m), await engine.generateKeyPackage(m)]);
  const c = expectOk(await engine.commit(state, { adds: held.map((h) => h[2]!.keyPackage) }));
  const listed = engine.welcomeRecipients(c.welcome!).map(hex);
  assert.deepEqual(listed, held.map((h) => hex(engine.keyPackageRef(h[2]!.keyPackage))));
  for (const [i, h] of held.entries()) {
    const mine = h.filter((k) => listed.includes(hex(engine.keyPackageRef(k.keyPackagePrivate))));
    assert.equal(mine.length, 1, 'exactly one of the held packages is named');
    expectOk(await engine.joinFromWelcome(ms[i + 1]!, c.welcome!, mine[0]!.keyPackagePrivate), 'join with the named package');
  }
});

test('welcomeRecipients never throws: [] for garbage, other messages, truncation and trailing bytes', async () => {
  const m = await engine.createMember({ identity: 'g', ciphersuite: 1, randomBytes: seededBytes('wr-garbage') });
  const other = await engine.createMember({ identity: 'o', ciphersuite: 1, randomBytes: seededBytes('wr-other') });
  const { state } = await engine.createGroup(m, utf8('wr-garbage'));
  const kp = await engine.generateKeyPackage(other);
  const c = expectOk(await engine.commit(state, { adds: [kp.keyPackage] }));
  const w = c.welcome!;
  assert.equal(engine.welcomeRecipients(w).length, 1);
  const cases: unknown[] = [
    new Uint8Array(0),
    Uint8Array.of(0, 1, 0, 3),
    seededBytes('noise')(300),
    w.subarray(0, w.length - 1),
    w.subarray(0, 40),
    Uint8Array.from([...w, 0]),
    c.commit,
    kp.keyPackage,
    await engine.groupInfo(c.state),
    'not bytes',
    undefined,
  ];
  for (const x of cases) assert.deepEqual(engine.welcomeRecipients(x as Uint8Array), []);
});

test('keyPackageRef: one-line errors for bytes that are not a KeyPackage, and for foreign handles', async () => {
  assert.throws(() => engine.keyPackageRef(Uint8Array.of(1, 2, 3)), { name: 'RangeError', message: 'keyPackage: not a KeyPackage MLSMessage' });
  assert.throws(() => engine.keyPackageRef({} as never), TypeError);
});
