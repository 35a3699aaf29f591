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

test('an upload published whole is the same as each of its packages published in order, read only when first asked for', async () => {
  const { packUpload } = await import('../../sim/actors/keyPackageUpload.ts');
  const dev = nodeId('provA/u0/d0');
  const kp = (n: number) => new Uint8Array([n, n + 1]);
  const whole = new KeyPackageDirectory();
  const each = new KeyPackageDirectory();
  // A single package first, then two uploads into the same suite (the second's last-resort replaces the first's), another suite between.
  for (const d of [whole, each]) d.publish(dev, 1, kp(1), false);
  const steps: [number, number[], boolean][] = [[1, [2, 3, 9], true], [2, [20], false], [1, [4, 8], true]];
  for (const [suite, parts, lastResort] of steps) {
    assert.equal(whole.publishUpload(dev, suite, packUpload(parts.map((p) => ({ bytes: kp(p) }))), lastResort), true);
    parts.forEach((p, i) => each.publish(dev, suite, kp(p), lastResort && i === parts.length - 1));
  }
  whole.publish(dev, 2, kp(21), false); // a package published on its own after an upload comes after its packages
  each.publish(dev, 2, kp(21), false);
  for (const d of [whole, each]) {
    assert.deepEqual(d.suitesOf(dev), [1, 2]);
    assert.equal(d.publishedBy(dev), 8);
  }
  assert.equal(whole.freshCount(dev, 1), each.freshCount(dev, 1));
  assert.deepEqual(whole.lastResortOf(dev, 1), kp(8));
  const claims = (d: KeyPackageDirectory, suite: number) => Array.from({ length: 6 }, () => d.claim(dev, suite));
  assert.deepEqual(claims(whole, 1), claims(each, 1));
  assert.deepEqual(claims(whole, 2), claims(each, 2));
  assert.deepEqual([whole.claimsFresh, whole.claimsLastResort, whole.exhaustions], [each.claimsFresh, each.claimsLastResort, each.exhaustions]);
});

test('an upload that is not a framed list publishes nothing; an empty one lists nothing', () => {
  const dir = new KeyPackageDirectory();
  const dev = nodeId('provA/u0/d0');
  assert.equal(dir.publishUpload(dev, 1, Uint8Array.of(0, 0, 0, 9, 1), true), false);
  assert.equal(dir.publishUpload(dev, 1, Uint8Array.of(0, 0), true), false);
  assert.equal(dir.publishUpload(dev, 1, new Uint8Array(0), true), true);
  assert.deepEqual(dir.suitesOf(dev), []);
  assert.equal(dir.publishedBy(dev), 0);
});
