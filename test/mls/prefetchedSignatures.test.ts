// Adds in bulk: the KeyPackage signatures are checked ahead, side by side (prefetchedSignatures.ts),
// and still decide the commit. A forged KeyPackage signature or leaf signature among several rejects
// the commit as bad-signature, as on the stock provider (which checks them one after the other), and
// never as an unhandled rejection; all good gives the stock provider's bytes, and a receiver accepts it.
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
    // Forged last: ts-mls 1.6.4 validates all Adds at once in an async reduce and leaves the rejection
    // of a failing Add that is not the last unawaited for a while (on either provider).
    const forgedKp = [kps[0]!, kps[1]!, kps[2]!, flipFromEnd(kps[3]!, 1)];
    const forgedLeaf = [kps[0]!, kps[1]!, kps[2]!, flipFromEnd(kps[3]!, 70)];
    for (const adds of [forgedKp, forgedLeaf]) {
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
