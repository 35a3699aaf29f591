import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeId } from '../../sim/core/index.ts';
import { KeyPackageDirectory } from '../../sim/actors/keyPackageDirectory.ts';

test('claim-once packages in publish order, then the last-resort one again and again, exhaustion counted', () => {
  const dir = new KeyPackageDirectory();
  const dev = nodeId('provA/u0/d0');
  const kp = (n: number) => new Uint8Array([n]);
  assert.deepEqual(dir.claim(dev, 1), { kind: 'exhausted' });
  dir.publish(dev, 1, kp(1), false);
  dir.publish(dev, 1, kp(2), false);
  dir.publish(dev, 1, kp(9), true);
  dir.publish(dev, 3, kp(30), false);
  assert.deepEqual(dir.claim(dev, 83), { kind: 'exhausted' }, 'no package of that suite');
  assert.deepEqual(dir.claim(dev, 1), { kind: 'fresh', keyPackage: kp(1) });
  assert.deepEqual(dir.claim(dev, 1), { kind: 'fresh', keyPackage: kp(2) });
  assert.deepEqual(dir.claim(dev, 1), { kind: 'last-resort', keyPackage: kp(9) });
  assert.deepEqual(dir.claim(dev, 1), { kind: 'last-resort', keyPackage: kp(9) });
  assert.deepEqual([dir.claimsFresh, dir.claimsLastResort, dir.exhaustions], [2, 2, 2]);
});
