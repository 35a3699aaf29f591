import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVerifier } from '../../../sim/identity/index.ts';

test('key transparency plugs in beside TOFU and attestation as a verification mode', () => {
  const v = createVerifier({ kind: 'key-transparency', trust: new Map() });
  assert.equal(v.mode, 'key-transparency');
  assert.throws(() => createVerifier({ kind: 'key-transparency', trust: {} as never }), TypeError);
});
