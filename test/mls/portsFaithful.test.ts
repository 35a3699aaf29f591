// The ts-mls functions ported into sim/mls/tsMls (for the unmerged-leaves fix and for speed) must give
// exactly what ts-mls 1.6.4 gives: the same commit and Welcome bytes from the same randomness, and the
// same next state (tree, group context, key schedule, private keys, secret tree) when receiving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCommit, encodeMlsMessage, makePskIndex, processPrivateMessage, type CiphersuiteImpl, type ClientState, type Proposal } from 'ts-mls';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { groupContextEncoder } from 'ts-mls/groupContext.js';
import { encodeRatchetTree } from 'ts-mls/ratchetTree.js';
import { toLeafIndex } from '../../sim/mls/engine.ts';
import { createCommitWithPath } from '../../sim/mls/tsMls/createCommitWithPath.ts';
import { asGroup, type TsGroup } from '../../sim/mls/tsMls/handles.ts';
import { decodeKeyPackageMessage } from '../../sim/mls/tsMls/keyPackageMessage.ts';
import { opRandom } from '../../sim/mls/tsMls/opRandom.ts';
import { seededHpke } from '../../sim/mls/tsMls/seededHpke.ts';
import { buildGroup, deliverCommit, expectOk, seededBytes, testEngine, type Party } from './helpers.ts';

const engine = testEngine();

/** The CiphersuiteImpl seededOp builds, from a fixed seed, so two runs draw the same randomness. */
function seededCs(g: TsGroup, seed: string): CiphersuiteImpl {
  const random = opRandom(seededBytes(seed));
  return { ...g.member.suite.impl, rng: { randomBytes: random.next }, hpke: seededHpke(g.member.suite, random) };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
function summary(s: ClientState) {
  return {
    tree: hex(encodeRatchetTree(s.ratchetTree)),
    context: hex(encode(groupContextEncoder)(s.groupContext)),
    epochAuthenticator: hex(s.keySchedule.epochAuthenticator),
    privateKeys: Object.fromEntries(Object.entries(s.privatePath.privateKeys).map(([k, v]) => [k, hex(v)])),
    secretTree: [...s.secretTree].map((n) => [hex(n.handshake.secret), hex(n.application.secret)]),
  };
}

/** A group with history: blank leaves, unmerged leaves, filled parents. */
async function historied(suite: number): Promise<Party[]> {
  const ps = await buildGroup(engine, suite, ['a', 'b', 'c', 'd', 'e', 'f'], `faithful-${suite}`);
  const [a, , c] = ps;
  let x = expectOk(await engine.commit(c!.state, { forcePath: true }));
  await deliverCommit(engine, ps, c!, x.state, x.commit);
  x = expectOk(await engine.commit(a!.state, { removes: [toLeafIndex(4)] }));
  await deliverCommit(engine, ps.filter((p) => p.name !== 'e'), a!, x.state, x.commit);
  const late = await engine.createMember({ identity: 'g', ciphersuite: suite, randomBytes: seededBytes(`faithful-${suite}-g`) });
  const kp = await engine.generateKeyPackage(late);
  x = expectOk(await engine.commit(a!.state, { adds: [kp.keyPackage] }));
  await deliverCommit(engine, ps.filter((p) => p.name !== 'e'), a!, x.state, x.commit);
  return ps.filter((p) => p.name !== 'e');
}

for (const suite of [1, 83]) {
  test(`suite ${suite}: createCommitWithPath gives ts-mls createCommit's commit and Welcome, byte for byte`, async () => {
    const ps = await historied(suite);
    const a = asGroup(ps[0]!.state);
    const newcomer = await engine.createMember({ identity: 'h', ciphersuite: suite, randomBytes: seededBytes(`faithful-${suite}-h`) });
    const kp = decodeKeyPackageMessage((await engine.generateKeyPackage(newcomer)).keyPackage, a.client.groupContext.cipherSuite);
    assert.equal(kp.kind, 'ok');
    if (kp.kind !== 'ok') return;
    const proposals: Proposal[] = [
      { proposalType: 'remove', remove: { removed: 1 } },
      { proposalType: 'add', add: { keyPackage: kp.keyPackage } },
    ];
    const theirs = await createCommit(
      { state: a.client, cipherSuite: seededCs(a, 'same'), pskIndex: makePskIndex(a.client, {}) },
      { extraProposals: proposals, ratchetTreeExtension: true },
    );
    const ours = await createCommitWithPath({
      state: a.client,
      cs: seededCs(a, 'same'),
      pskIndex: makePskIndex(a.client, {}),
      refs: [],
      values: proposals,
      forcePath: false,
      publicMessage: false,
      authenticatedData: new Uint8Array(0),
    });
    assert.equal(hex(encodeMlsMessage(ours.commit)), hex(encodeMlsMessage(theirs.commit)));
    assert.equal(
      hex(encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: ours.welcome! })),
      hex(encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: theirs.welcome! })),
    );
    assert.deepEqual(summary(ours.newState), summary(theirs.newState));

    // Receiving: ts-mls's processPrivateMessage and the engine (processCommit.ts) reach the same state.
    const c = asGroup(ps[2]!.state);
    const wire = encodeMlsMessage(ours.commit);
    if (ours.commit.wireformat !== 'mls_private_message') throw new Error('expected a private message');
    const viaTsMls = await processPrivateMessage(c.client, ours.commit.privateMessage, makePskIndex(c.client, {}), c.member.suite.impl);
    const viaEngine = expectOk(await engine.processHandshake(ps[2]!.state, wire));
    assert.deepEqual(summary(asGroup(viaEngine.state).client), summary(viaTsMls.newState));
    assert.deepEqual(summary(asGroup(viaEngine.state).client).epochAuthenticator, summary(ours.newState).epochAuthenticator);
  });
}
