// The engine swaps in its own KEM, KDF, signer and randomness; plain ts-mls (its default WebCrypto
// provider, unseeded) must still understand it and be understood, on the classic and the PQ suite.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createCommit,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  processPrivateMessage,
  type CiphersuiteName,
} from 'ts-mls';
import { buildGroup, expectOk, text, utf8, testEngine } from './helpers.ts';

const engine = testEngine();

for (const id of [1, 83]) {
  test(`suite ${id}: a plain ts-mls client joins, follows, commits and chats with engine members`, async () => {
    const name = engine.ciphersuites.find((s) => s.id === id)!.name as CiphersuiteName;
    const cs = await getCiphersuiteImpl(getCiphersuiteFromName(name));
    const ps = await buildGroup(engine, id, ['alice', 'bob'], `interop-${id}`);
    const [alice, bob] = ps;

    const plain = await generateKeyPackage({ credentialType: 'basic', identity: utf8('plain') }, defaultCapabilities(), defaultLifetime, [], cs);
    const kpWire = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: plain.publicPackage });
    const add = expectOk(await engine.commit(alice!.state, { adds: [kpWire] }));
    alice!.state = add.state;
    bob!.state = expectOk(await engine.processHandshake(bob!.state, add.commit)).state;
    const welcome = decodeMlsMessage(add.welcome!, 0)![0];
    assert.equal(welcome.wireformat, 'mls_welcome');
    if (welcome.wireformat !== 'mls_welcome') return;
    let plainState = await joinGroup(welcome.welcome, plain.publicPackage, plain.privatePackage, emptyPskIndex, cs);
    assert.deepEqual(plainState.keySchedule.epochAuthenticator, engine.epochAuthenticator(alice!.state));

    // ts-mls commits (full path over engine-made leaves); the engine members follow.
    const c = await createCommit({ state: plainState, cipherSuite: cs });
    plainState = c.newState;
    const cWire = encodeMlsMessage(c.commit);
    for (const p of ps) p.state = expectOk(await engine.processHandshake(p.state, cWire)).state;
    assert.deepEqual(engine.epochAuthenticator(bob!.state), plainState.keySchedule.epochAuthenticator);

    // An engine commit with a path to the plain member, then a message it decrypts.
    const c2 = expectOk(await engine.commit(bob!.state, { forcePath: true }));
    const c2Msg = decodeMlsMessage(c2.commit, 0)![0];
    if (c2Msg.wireformat !== 'mls_private_message') throw new Error('expected a private commit');
    plainState = (await processPrivateMessage(plainState, c2Msg.privateMessage, emptyPskIndex, cs)).newState;
    assert.deepEqual(plainState.keySchedule.epochAuthenticator, engine.epochAuthenticator(c2.state));
    const m = expectOk(await engine.protect(c2.state, utf8('hello plain')));
    const mMsg = decodeMlsMessage(m.message, 0)![0];
    if (mMsg.wireformat !== 'mls_private_message') throw new Error('expected a private message');
    const got = await processPrivateMessage(plainState, mMsg.privateMessage, emptyPskIndex, cs);
    assert.equal(got.kind, 'applicationMessage');
    if (got.kind === 'applicationMessage') assert.equal(text(got.message), 'hello plain');
  });
}
