// The seeded HPKE sender is plain RFC 9180 base mode: what it seals, standard HPKE opens, and the
// ephemeral it uses depends on the seed and the encryption, not on the order of encryptions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suiteParams } from '../../sim/mls/tsMls/ciphersuites.ts';
import { opRandom } from '../../sim/mls/tsMls/opRandom.ts';
import { seededHpke } from '../../sim/mls/tsMls/seededHpke.ts';
import { loadSuiteCrypto } from '../../sim/mls/tsMls/suiteCrypto.ts';
import { seededBytes, utf8 } from './helpers.ts';

for (const [id, mode] of [[1, 'native'], [1, 'stock'], [83, 'native'], [83, 'stock'], [81, 'native']] as const) {
  test(`suite ${id}, ${mode} crypto: seal opens with standard HPKE; same seed same bytes, in any order`, async () => {
    const sc = await loadSuiteCrypto(suiteParams(id), mode);
    const hpke = seededHpke(sc, opRandom(seededBytes('keys')));
    const r1 = await hpke.generateKeyPair();
    const r2 = await hpke.generateKeyPair();
    const info = utf8('info');
    const sealBoth = async (seed: string, reverse: boolean) => {
      const h = seededHpke(sc, opRandom(seededBytes(seed)));
      const jobs = [() => h.seal(r1.publicKey, utf8('to one'), info), () => h.seal(r2.publicKey, utf8('to two'), info)];
      const out = reverse ? (await Promise.all(jobs.reverse().map((j) => j()))).reverse() : await Promise.all(jobs.map((j) => j()));
      return out;
    };
    const [a1, a2] = await sealBoth('s', false);
    const [b1, b2] = await sealBoth('s', true);
    assert.deepEqual([b1, b2], [a1, a2]);
    const [c1] = await sealBoth('t', false);
    assert.notDeepEqual(c1!.enc, a1!.enc);
    assert.deepEqual(await sc.hpke.open(r1.privateKey, a1!.enc, a1!.ct, info), utf8('to one'));
    assert.deepEqual(await sc.hpke.open(r2.privateKey, a2!.enc, a2!.ct, info), utf8('to two'));

    const ex = await hpke.exportSecret(r1.publicKey, utf8('ctx'), 32, info);
    assert.deepEqual(await sc.hpke.importSecret(r1.privateKey, utf8('ctx'), ex.enc, 32, info), ex.secret);
  });
}

for (const mode of ['native', 'stock'] as const) test(`${mode}: the shared suite refuses to draw randomness of its own`, async () => {
  const sc = await loadSuiteCrypto(suiteParams(1), mode);
  assert.throws(() => sc.impl.rng.randomBytes(4), { name: 'EngineBug' });
  await assert.rejects(async () => sc.impl.hpke.generateKeyPair(), { name: 'EngineBug' });
});
