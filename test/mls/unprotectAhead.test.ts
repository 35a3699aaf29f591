// Decryption started ahead of a message's arrival (MlsEngine.unprotectAhead): the same results as
// decrypting on arrival, every check still made (each state decrypts and verifies for itself), and a
// state that moved on meanwhile decrypts afresh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildGroup, expectOk, utf8, type Party, testEngine } from './helpers.ts';

const engine = testEngine();
const SUITE = 1;

const flipLast = (b: Uint8Array) => {
  const c = b.slice();
  c[c.length - 1]! ^= 0x01;
  return c;
};

test('unprotectAhead: the arriving message opens to exactly what unprotect gives, for every recipient', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob', 'carol'], 'ahead');
  const [alice, bob, carol] = ps as [Party, Party, Party];
  const m = expectOk(await engine.protect(alice.state, utf8('hello'), { authenticatedData: utf8('ad') }));
  let spentMs = 0;
  engine.unprotectAhead!(bob.state, m.message, (ms) => (spentMs += ms));
  const ahead = expectOk(await engine.unprotect(bob.state, m.message));
  const plain = expectOk(await engine.unprotect(carol.state, m.message));
  const again = expectOk(await engine.unprotect(bob.state, m.message)); // nothing started: computed afresh
  for (const r of [ahead, again]) {
    assert.deepEqual(r.plaintext, plain.plaintext);
    assert.deepEqual(r.authenticatedData, plain.authenticatedData);
    assert.equal(r.senderLeaf, plain.senderLeaf);
    assert.equal(r.senderIdentity, plain.senderIdentity);
    assert.equal(engine.epochAuthenticator(r.state).length > 0, true);
  }
  assert.ok(spentMs > 0, 'its primitives were timed');
  // The state it gives is a real next state: the same generation does not open twice (RFC 9420 §9.2).
  assert.equal((await engine.unprotect(ahead.state, m.message)).kind, 'rejected');
});

test('unprotectAhead: a tampered message is rejected just the same (the signature and AEAD are checked)', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob'], 'ahead-bad');
  const [alice, bob] = ps as [Party, Party];
  const m = expectOk(await engine.protect(alice.state, utf8('hello')));
  const bad = flipLast(m.message);
  const plain = await engine.unprotect(bob.state, bad);
  engine.unprotectAhead!(bob.state, bad);
  const ahead = await engine.unprotect(bob.state, bad);
  assert.equal(plain.kind, 'rejected');
  assert.deepEqual(ahead, plain);
  // Garbage started ahead neither throws nor settles anything: the arrival sees the usual rejection.
  const junk = new Uint8Array(40).fill(7);
  engine.unprotectAhead!(bob.state, junk);
  assert.equal((await engine.unprotect(bob.state, junk)).kind, 'rejected');
});

test('unprotectAhead: when the state moved on before the message arrived, it is decrypted with the new state', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob'], 'ahead-moved');
  const [alice, bob] = ps as [Party, Party];
  const m1 = expectOk(await engine.protect(alice.state, utf8('one')));
  const m2 = expectOk(await engine.protect(m1.state, utf8('two')));
  // Both started from bob's present state; m1 arrives first and moves it on.
  engine.unprotectAhead!(bob.state, m1.message);
  engine.unprotectAhead!(bob.state, m2.message);
  const r1 = expectOk(await engine.unprotect(bob.state, m1.message));
  const r2 = expectOk(await engine.unprotect(r1.state, m2.message));
  assert.equal(new TextDecoder().decode(r1.plaintext), 'one');
  assert.equal(new TextDecoder().decode(r2.plaintext), 'two');
  // m2 in the new state consumed generation 1 there; in the old state nothing was consumed.
  assert.equal((await engine.unprotect(r2.state, m2.message)).kind, 'rejected');
  assert.equal((await engine.unprotect(bob.state, m2.message)).kind, 'ok');
});

/** Turns of the event loop until the decryption started ahead has settled (the pool's check is done), at most `turns`. */
async function settled(state: Party['state'], message: Uint8Array, turns = 2_000) {
  for (let i = 0; i < turns; i++) {
    const r = engine.unprotectSettled!(state, message);
    if (r !== undefined) return r;
    await new Promise((done) => setImmediate(done));
  }
  return undefined;
}

test('unprotectSettled: a settled decryption ahead is taken synchronously, the same result unprotect gives', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob', 'carol'], 'ahead-settled');
  const [alice, bob, carol] = ps as [Party, Party, Party];
  const m = expectOk(await engine.protect(alice.state, utf8('hello'), { authenticatedData: utf8('ad') }));
  // Nothing started: nothing to take, nothing pending.
  assert.equal(engine.unprotectSettled!(bob.state, m.message), undefined);
  assert.equal(engine.unprotectPending!(bob.state, m.message), false);
  const started = engine.unprotectAhead!(bob.state, m.message);
  assert.notEqual(started, undefined);
  // Just started: still running (it settles no earlier than its awaits), so nothing to take yet.
  assert.equal(engine.unprotectPending!(bob.state, m.message), true);
  assert.equal(engine.unprotectSettled!(bob.state, m.message), undefined);
  assert.equal(engine.unprotectPending!(carol.state, m.message), false);
  const r = expectOk((await settled(bob.state, m.message))!);
  assert.equal(engine.unprotectPending!(bob.state, m.message), false);
  const plain = expectOk(await engine.unprotect(carol.state, m.message));
  assert.deepEqual(r.plaintext, plain.plaintext);
  assert.deepEqual(r.authenticatedData, plain.authenticatedData);
  assert.equal(r.senderLeaf, plain.senderLeaf);
  assert.equal(r.senderIdentity, plain.senderIdentity);
  // Taken: asked again, nothing is there; unprotect computes afresh from the untouched state.
  assert.equal(engine.unprotectSettled!(bob.state, m.message), undefined);
  assert.equal(new TextDecoder().decode(expectOk(await engine.unprotect(bob.state, m.message)).plaintext), 'hello');
  // The state it gives is a real next state: the same generation does not open twice (RFC 9420 §9.2).
  assert.equal((await engine.unprotect(r.state, m.message)).kind, 'rejected');
});

test('unprotectSettled: a rejection settles too; another state or bytes object takes nothing', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob'], 'ahead-settled-bad');
  const [alice, bob] = ps as [Party, Party];
  const m = expectOk(await engine.protect(alice.state, utf8('hello')));
  const bad = flipLast(m.message);
  const plain = await engine.unprotect(bob.state, bad);
  engine.unprotectAhead!(bob.state, bad);
  assert.deepEqual(await settled(bob.state, bad), plain);
  engine.unprotectAhead!(bob.state, m.message);
  await engine.unprotectAhead!(bob.state, m.message.slice()); // an equal copy is another message object
  // Only this state and this very bytes object find it.
  assert.equal(engine.unprotectSettled!(alice.state, m.message), undefined);
  const r = expectOk((await settled(bob.state, m.message))!);
  assert.equal(new TextDecoder().decode(r.plaintext), 'hello');
});
