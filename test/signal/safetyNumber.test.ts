import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ls from '@signalapp/libsignal-client';
import { safetyNumber } from '../../sim/signal/safetyNumber.ts';

const ab = (b: Uint8Array) => Uint8Array.from(b) as Uint8Array<ArrayBuffer>;

test('safety numbers are libsignal\'s displayable fingerprints (0.90.0, 5200 iterations), the same seen from both sides', () => {
  for (let i = 0; i < 4; i++) {
    const a = ls.PrivateKey.generate().getPublicKey();
    const b = ls.PrivateKey.generate().getPublicKey();
    const ida = new TextEncoder().encode(`provA/u${i}/d0`);
    const idb = new TextEncoder().encode(`provB/u${i}/d1`);
    const theirs = ls.Fingerprint.new(5200, 2, ab(ida), a, ab(idb), b).displayableFingerprint().toString();
    const mine = safetyNumber({ identityKey: a.serialize(), stableId: ida }, { identityKey: b.serialize(), stableId: idb });
    assert.equal(mine, theirs);
    assert.equal(mine.length, 60);
    assert.equal(safetyNumber({ identityKey: b.serialize(), stableId: idb }, { identityKey: a.serialize(), stableId: ida }), mine);
    const other = ls.PrivateKey.generate().getPublicKey();
    assert.notEqual(safetyNumber({ identityKey: a.serialize(), stableId: ida }, { identityKey: other.serialize(), stableId: idb }), mine, 'a substituted key changes the number');
  }
});
