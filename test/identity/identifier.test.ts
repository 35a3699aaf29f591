import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIdentifier, parseE164, parseHandle, parseIdentifier, providerId } from '../../sim/identity/index.ts';

test('parses the three syntaxes by their shape', () => {
  assert.deepEqual(parseIdentifier('alice@provA'), { kind: 'hierarchical', user: 'alice', provider: 'provA' });
  assert.deepEqual(parseIdentifier('+4915112345678'), { kind: 'phone', number: '+4915112345678' });
  assert.deepEqual(parseIdentifier('alice'), { kind: 'handle', handle: 'alice' });
  for (const s of ['alice@provA', 'bob.smith@chat.example-1', '+12025550123', 'carol_99']) assert.equal(formatIdentifier(parseIdentifier(s)), s);
});

test('E.164: + then 8–15 digits, no leading 0 in the country code', () => {
  assert.equal(parseE164('+12345678'), '+12345678');
  assert.equal(parseE164('+123456789012345'), '+123456789012345');
  assert.throws(() => parseE164('+1234567'), { name: 'RangeError', message: 'phone number: expected 8–15 digits after \'+\', got 7 in "+1234567"' });
  assert.throws(() => parseE164('+1234567890123456'), { name: 'RangeError', message: 'phone number: expected 8–15 digits after \'+\', got 16 in "+1234567890123456"' });
  assert.throws(() => parseE164('4915112345678'), { name: 'RangeError', message: 'phone number: expected \'+\' followed by digits only, got "4915112345678"' });
  assert.throws(() => parseE164('+49 151 1234'), { name: 'RangeError', message: 'phone number: expected \'+\' followed by digits only, got "+49 151 1234"' });
  assert.throws(() => parseE164('+0123456789'), { name: 'RangeError', message: 'phone number: the country code cannot start with 0, got "+0123456789"' });
  assert.throws(() => parseE164(4915112345678), { name: 'TypeError', message: 'phone number: expected a string, got 4915112345678' });
});

test('addresses and handles: precise errors naming the field', () => {
  assert.throws(() => parseIdentifier('a@b@c'), { name: 'RangeError', message: 'address: expected exactly one \'@\', got "a@b@c"' });
  assert.throws(() => parseIdentifier('@provA'), { name: 'RangeError', message: 'user: empty' });
  assert.throws(() => parseIdentifier('alice@'), { name: 'RangeError', message: 'provider: expected letters, digits, \'.\', \'_\' or \'-\' (not first or last), got ""' });
  assert.throws(() => parseIdentifier('alice@-prov'), { name: 'RangeError', message: 'provider: expected letters, digits, \'.\', \'_\' or \'-\' (not first or last), got "-prov"' });
  assert.throws(() => parseIdentifier('al ice'), { name: 'RangeError', message: 'handle: expected letters, digits, \'.\', \'_\' or \'-\', got "al ice"' });
  assert.throws(() => parseHandle('x'.repeat(65)), { name: 'RangeError', message: 'handle: at most 64 characters, got 65' });
  assert.throws(() => parseIdentifier(''), { name: 'RangeError', message: 'identifier: empty' });
  assert.throws(() => parseIdentifier(null), { name: 'TypeError', message: 'identifier: expected a string, got null' });
  assert.throws(() => providerId(7), { name: 'TypeError', message: 'provider: expected a string, got 7' });
});
