import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeId } from '../../sim/core/index.ts';
import { KeyPackageDirectory } from '../../sim/actors/keyPackageDirectory.ts';

test('claim-once packages in publish order, then the last-resort one again and again, exhaustion counted', () => {
  const dir = new KeyPackageDirectory();
  const dev = nodeId('provA/u0/d0');
  const kp = (n: number) => new Uint8Array([n]);
  assert.deepEqual(dir.claim(dev), { kind: 'exhausted' });
  dir.publish(dev, kp(1), false);
  dir.publish(dev, kp(2), false);
  dir.publish(dev, kp(9), true);
  assert.deepEqual(dir.claim(dev), { kind: 'fresh', keyPackage: kp(1) });
  assert.deepEqual(dir.claim(dev), { kind: 'fresh', keyPackage: kp(2) });
  assert.deepEqual(dir.claim(dev), { kind: 'last-resort', keyPackage: kp(9) });
  assert.deepEqual(dir.claim(dev), { kind: 'last-resort', keyPackage: kp(9) });
  assert.deepEqual([dir.claimsFresh, dir.claimsLastResort, dir.exhaustions], [2, 2, 1]);
});
