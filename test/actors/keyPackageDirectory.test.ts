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

test("a device's listing: the suites it published for, in publication order, nobody else's, even after claims", () => {
  const dir = new KeyPackageDirectory();
  const [a, b, similar] = [nodeId('provA/u0/d0'), nodeId('provA/u1/d0'), nodeId('provA/u0/d0x')];
  const kp = new Uint8Array([1]);
  dir.publish(a, 3, kp, false);
  dir.publish(b, 1, kp, false);
  dir.publish(a, 1, kp, true);
  dir.publish(a, 3, kp, false);
  dir.publish(similar, 2, kp, false);
  dir.claim(a, 3);
  dir.claim(a, 3);
  assert.deepEqual(dir.suitesOf(a), [3, 1]);
  assert.deepEqual(dir.suitesOf(b), [1]);
  assert.deepEqual(dir.suitesOf(nodeId('provB/u0/d0')), []);
  dir.suitesOf(a).push(99); // a copy: the caller cannot change the listing
  assert.deepEqual(dir.suitesOf(a), [3, 1]);
});

test("each suite's stock is its own: fresh counts, last-resort packages and claims never cross suites or devices", () => {
  const dir = new KeyPackageDirectory();
  const [a, b] = [nodeId('provA/u0/d0'), nodeId('provA/u1/d0')];
  const kp = (n: number) => new Uint8Array([n]);
  dir.publish(a, 1, kp(1), false);
  dir.publish(a, 2, kp(20), false);
  dir.publish(a, 2, kp(21), false);
  dir.publish(a, 2, kp(29), true);
  dir.publish(b, 1, kp(5), true);
  dir.publish(a, 1, kp(2), false);
  assert.deepEqual([dir.freshCount(a, 1), dir.freshCount(a, 2), dir.freshCount(b, 1), dir.freshCount(b, 2)], [2, 2, 0, 0]);
  assert.equal(dir.lastResortOf(a, 1), undefined);
  assert.deepEqual(dir.lastResortOf(a, 2), kp(29));
  assert.deepEqual(dir.lastResortOf(b, 1), kp(5));
  assert.equal(dir.lastResortOf(b, 2), undefined);
  assert.deepEqual(dir.claim(a, 2), { kind: 'fresh', keyPackage: kp(20) });
  assert.deepEqual(dir.claim(b, 1), { kind: 'last-resort', keyPackage: kp(5) });
  assert.deepEqual(dir.claim(a, 1), { kind: 'fresh', keyPackage: kp(1) });
  assert.deepEqual([dir.freshCount(a, 1), dir.freshCount(a, 2)], [1, 1]);
  dir.publish(a, 2, kp(28), true); // a new last-resort package replaces the old one
  assert.deepEqual(dir.lastResortOf(a, 2), kp(28));
  assert.deepEqual([dir.publishedBy(a), dir.publishedBy(b), dir.publishedBy(nodeId('provB/u0/d0'))], [6, 1, 0]);
});
