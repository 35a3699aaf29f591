// A KeyPackage minted now and built later (MlsEngine.mintKeyPackage) is exactly the one
// generateKeyPackage makes at the same point of the member's byte source: same bytes, same private
// keys, same KeyPackageRef, and the byte source moves the same. Until built, its bytes are final in
// length and carry the member's real public fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CreateMemberOptions, MintedKeyPackage, MlsEngine } from '../../sim/mls/engine.ts';
import { keyPackageFields } from '../../sim/mls/keyPackageFields.ts';
import { asKeyPackagePrivate } from '../../sim/mls/tsMls/handles.ts';
import { createTsMlsEngine } from '../../sim/mls/tsMlsEngine.ts';
import { expectOk, seededBytes, utf8 } from './helpers.ts';

const engine = createTsMlsEngine({ crypto: 'native' });
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const leafOptions = {
  plain: {},
  // What a content layer gives a client (sim/actors/content): its own extension advertised and carried in the leaf.
  content: { capabilities: { extensions: [0xff0a], proposals: [0xff0b] }, leafExtensions: [{ type: 0xff0a, data: utf8('text/plain;text/markdown') }] },
} as const;

/** Two members from the same seed: what one does by minting, the other does by generating. */
async function twins(eng: MlsEngine, suite: number, seed: string, extra: Partial<CreateMemberOptions> = {}) {
  const make = () => eng.createMember({ identity: `dev-${suite}`, ciphersuite: suite, randomBytes: seededBytes(seed), ...extra });
  return [await make(), await make()] as const;
}

for (const suite of [1, 3, 4, 6, 81, 83, 87]) {
  for (const lastResort of [false, true]) {
    for (const [leafName, leaf] of Object.entries(leafOptions)) {
      test(`suite ${suite}, last resort ${lastResort}, ${leafName} leaf: built = generated (bytes, private keys, ref, later draws)`, async () => {
        const [a, b] = await twins(engine, suite, `mint/${suite}/${lastResort}/${leafName}`, leaf);
        const minted = await engine.mintKeyPackage!(a, { lastResort });
        const generated = await engine.generateKeyPackage(b, { lastResort });
        // Before building: final length, the member's public fields, no keys or signatures.
        assert.equal(minted.built, false);
        assert.equal(minted.keyPackage.length, generated.keyPackage.length);
        assert.deepEqual(keyPackageFields(minted.keyPackage), keyPackageFields(generated.keyPackage));
        assert.notDeepEqual(minted.keyPackage, generated.keyPackage);
        const placeholder = minted.keyPackage;
        const built = minted.build();
        assert.equal(minted.built, true);
        assert.equal(built.keyPackage, placeholder, 'filled in place');
        assert.deepEqual(built.keyPackage, generated.keyPackage);
        const [p, q] = [asKeyPackagePrivate(built.keyPackagePrivate), asKeyPackagePrivate(generated.keyPackagePrivate)];
        assert.deepEqual(p.privatePackage, q.privatePackage);
        assert.deepEqual(p.keyPackage, q.keyPackage);
        assert.deepEqual(engine.keyPackageRef(built.keyPackagePrivate), engine.keyPackageRef(generated.keyPackagePrivate));
        assert.deepEqual(engine.keyPackageRef(built.keyPackage), engine.keyPackageRef(generated.keyPackagePrivate));
        assert.equal(minted.build(), built, 'built once');
        // The byte source moved the same: the next KeyPackage of either twin is the same.
        assert.deepEqual((await engine.generateKeyPackage(a)).keyPackage, (await engine.generateKeyPackage(b)).keyPackage);
        assert.equal(expectOk(await engine.inspectKeyPackage(built.keyPackage)).ciphersuite, suite);
      });
    }
  }
}

test('a KeyPackage built long after it was minted joins a group from a Welcome', async () => {
  const creator = await engine.createMember({ identity: 'creator', ciphersuite: 1, randomBytes: seededBytes('mint-join/creator') });
  const joiner = await engine.createMember({ identity: 'joiner', ciphersuite: 1, randomBytes: seededBytes('mint-join/joiner') });
  const minted: MintedKeyPackage[] = [];
  for (let i = 0; i < 3; i++) minted.push(await engine.mintKeyPackage!(joiner));
  // The joiner's later operations do not wait for its KeyPackages to be built.
  const own = await engine.createGroup(joiner, utf8('joiner-own'));
  assert.ok(own.state !== undefined);
  const { state } = await engine.createGroup(creator, utf8('mint-join'));
  const kp = minted[1]!.build();
  assert.equal(minted[0]!.built, false);
  const c = expectOk(await engine.commit(state, { adds: [kp.keyPackage] }));
  assert.deepEqual(engine.welcomeRecipients(c.welcome!).map(hex), [hex(engine.keyPackageRef(kp.keyPackagePrivate))]);
  const j = expectOk(await engine.joinFromWelcome(joiner, c.welcome!, kp.keyPackagePrivate), 'join');
  assert.deepEqual(engine.members(j.state).map((m) => m.identity), ['creator', 'joiner']);
});

test('where it cannot defer, the mint makes the KeyPackage at once: ECDSA and deferral off send the real bytes, stock the unbuilt ones', async () => {
  const stock = createTsMlsEngine({ crypto: 'stock' });
  const off = createTsMlsEngine({ crypto: 'native', deferKeyPackages: false });
  for (const [eng, suite, why] of [
    [engine, 2, 'P-256 ECDSA: DER signatures vary in length'],
    [engine, 7, 'P-384 ECDSA'],
    [off, 1, 'deferKeyPackages: false'],
  ] as const) {
    const [a, b] = await twins(eng, suite, `at-once/${suite}/${why}`);
    const minted = await eng.mintKeyPackage!(a);
    assert.equal(minted.built, true, why);
    const generated = await eng.generateKeyPackage(b);
    assert.deepEqual(minted.keyPackage, generated.keyPackage, why);
    assert.deepEqual(engine.keyPackageRef(minted.build().keyPackagePrivate), engine.keyPackageRef(generated.keyPackagePrivate));
    assert.deepEqual((await eng.generateKeyPackage(a)).keyPackage, (await eng.generateKeyPackage(b)).keyPackage, `${why}: the same draws`);
  }
  // The stock provider has no synchronous primitives: made now, but the wire sees what the native provider's mint sends.
  for (const lastResort of [false, true]) {
    const [s, n] = [await twins(stock, 1, `stock/${lastResort}`), await twins(engine, 1, `stock/${lastResort}`)];
    const [ms, mn] = [await stock.mintKeyPackage!(s[0], { lastResort }), await engine.mintKeyPackage!(n[0], { lastResort })];
    assert.equal(ms.built, false);
    assert.deepEqual(ms.keyPackage, mn.keyPackage, 'the same unbuilt bytes on either provider');
    assert.deepEqual(ms.build().keyPackage, mn.build().keyPackage);
    assert.deepEqual(ms.build().keyPackage, (await stock.generateKeyPackage(s[1], { lastResort })).keyPackage);
  }
  assert.throws(() => createTsMlsEngine({ deferKeyPackages: 'yes' as unknown as boolean }), /deferKeyPackages: expected a boolean/);
});
