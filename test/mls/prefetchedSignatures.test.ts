// Adds in bulk: the KeyPackage signatures are checked ahead, side by side (prefetchedSignatures.ts),
// and still decide the commit. A forged KeyPackage signature or leaf signature among several rejects
// the commit as bad-signature, as on the stock provider, wherever it sits among the Adds, and never as
// an unhandled rejection (the test runner fails a test that leaves one); all good gives the stock provider's bytes, and a receiver accepts it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MlsEngine } from '../../sim/mls/engine.ts';
import { createTsMlsEngine } from '../../sim/mls/tsMlsEngine.ts';
import { buildGroup, expectOk, seededBytes } from './helpers.ts';

// The KeyPackage signature is its last field; the leaf's sits before the KeyPackage's extensions.
const flipFromEnd = (b: Uint8Array, from: number) => {
  const x = b.slice();
  x[x.length - from]! ^= 1;
  return x;
};

async function keyPackages(engine: MlsEngine): Promise<Uint8Array[]> {
  const out = [];
  for (const name of ['c', 'd', 'e', 'f']) {
    const m = await engine.createMember({ identity: name, ciphersuite: 1, randomBytes: seededBytes(name) });
    out.push((await engine.generateKeyPackage(m)).keyPackage);
  }
  return out;
}

test('a forged KeyPackage among several rejects the commit as bad-signature; the good ones commit as on the stock provider', async () => {
  const results = [];
  for (const crypto of ['native', 'stock'] as const) {
    const engine = createTsMlsEngine({ crypto });
    const [alice, bob] = await buildGroup(engine, 1, ['alice', 'bob']);
    const kps = await keyPackages(engine);
    // Forged anywhere: ts-mls 1.6.4's async reduce over the Adds left a failing Add's rejection
    // unhandled when it was not the last, which ended the process (addValidation.ts).
    const forgedKp = [kps[0]!, kps[1]!, flipFromEnd(kps[2]!, 1), kps[3]!];
    const forgedLeaf = [flipFromEnd(kps[0]!, 70), kps[1]!, kps[2]!, kps[3]!];
    const forgedLast = [kps[0]!, kps[1]!, kps[2]!, flipFromEnd(kps[3]!, 1)];
    for (const adds of [forgedKp, forgedLeaf, forgedLast]) {
      const r = await engine.commit(alice!.state, { adds });
      assert.equal(r.kind, 'rejected', crypto);
      assert.equal((r as { reason: string }).reason, 'bad-signature', `${crypto}: ${JSON.stringify(r)}`);
    }
    const ok = expectOk(await engine.commit(alice!.state, { adds: kps }));
    expectOk(await engine.processHandshake(bob!.state, ok.commit), 'bob follows');
    results.push(ok);
  }
  assert.deepEqual(results[0]!.commit, results[1]!.commit);
  assert.deepEqual(results[0]!.welcome, results[1]!.welcome);
});

test('a forged Add besides another problem (a KeyPackage of another suite, a Remove of a blank leaf) is rejected for that problem, as before', async () => {
  const engine = createTsMlsEngine({ crypto: 'native' });
  const [alice] = await buildGroup(engine, 1, ['alice', 'bob']);
  const kps = await keyPackages(engine);
  const other = await engine.createMember({ identity: 'x', ciphersuite: 3, randomBytes: seededBytes('x') });
  const otherSuite = (await engine.generateKeyPackage(other)).keyPackage;
  // Forged signature first, other suite last: decoding already refuses another suite as invalid.
  const r1 = await engine.commit(alice!.state, { adds: [flipFromEnd(kps[0]!, 1), kps[1]!, otherSuite] });
  assert.equal((r1 as { reason?: string }).reason, 'invalid', JSON.stringify(r1));
  const r2 = await engine.commit(alice!.state, { adds: [flipFromEnd(kps[0]!, 1), kps[1]!], removes: [5 as never] });
  assert.equal(r2.kind, 'rejected');
  assert.equal((r2 as { reason?: string }).reason, 'invalid', JSON.stringify(r2));
});
