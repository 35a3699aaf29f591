// GroupContextExtensions proposals (RFC 9420 §12.1.7): changing the group's extensions, among them
// required_capabilities, with the path the RFC requires; members lacking a required capability block it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeRequiredCapabilities } from 'ts-mls';
import { assertAgree } from './agreement.ts';
import { buildGroup, deliverCommit, expectOk, seededBytes, testEngine } from './helpers.ts';

const engine = testEngine();
const requiredCapabilities = (extensionTypes: number[]) => ({
  type: 3,
  data: encodeRequiredCapabilities({ extensionTypes, proposalTypes: [], credentialTypes: [] }),
});

test('a GroupContextExtensions proposal by reference and by value changes required_capabilities; every member agrees', async () => {
  const [a, b, c] = await buildGroup(engine, 1, ['alice', 'bob', 'carol'], 'gce');
  const custom = { type: 0xff01, data: new Uint8Array([1, 2, 3]) };
  // Nobody advertises 0xff01: requiring it is refused at the commit.
  const bad = expectOk(await engine.proposeGroupContextExtensions(a!.state, [requiredCapabilities([0xff01])]), 'propose');
  const refused = await engine.commit(bad.state);
  assert.equal(refused.kind, 'rejected');
  assert.match((refused as { detail: string }).detail, /required capabilities/i);

  // Requiring last_resort (0x000a), which every engine leaf advertises, goes through.
  const p = expectOk(await engine.proposeGroupContextExtensions(a!.state, [requiredCapabilities([0x000a])]), 'propose');
  a!.state = p.state;
  for (const x of [b!, c!]) x.state = expectOk(await engine.processHandshake(x.state, p.proposal)).state;
  const commit = expectOk(await engine.commit(b!.state), 'commit GCE');
  await deliverCommit(engine, [a!, b!, c!], b!, commit.state, commit.commit);
  await assertAgree(engine, [a!.state, b!.state, c!.state], 'after GCE');
  for (const x of [a!, b!, c!]) assert.deepEqual(engine.groupContextExtensions(x.state).map((e) => e.type), [3]);

  // An extension no member supports cannot be set (RFC 9420 §12.1.7).
  const unsupported = await engine.commit(a!.state, { groupContextExtensions: [requiredCapabilities([0x000a]), custom] });
  assert.equal(unsupported.kind, 'rejected');
  // By value, together with an Add: the joiner gets the new extensions in its Welcome.
  const d = await engine.createMember({ identity: 'dave', ciphersuite: 1, randomBytes: seededBytes('gce/dave') });
  const kpD = await engine.generateKeyPackage(d);
  const appId = { type: 1, data: new Uint8Array([7]) }; // application_id, a default type every member supports
  const c2 = expectOk(await engine.commit(a!.state, { groupContextExtensions: [requiredCapabilities([0x000a]), appId], adds: [kpD.keyPackage] }), 'by value');
  const jd = expectOk(await engine.joinFromWelcome(d, c2.welcome!, kpD.keyPackagePrivate), 'dave joins');
  await deliverCommit(engine, [a!, b!, c!], a!, c2.state, c2.commit);
  await assertAgree(engine, [a!.state, b!.state, c!.state, jd.state], 'after by-value GCE');
  assert.deepEqual(engine.groupContextExtensions(jd.state).map((e) => e.type), [3, 1]);

  // An empty list removes every extension (RFC: the proposal replaces them).
  const c3 = expectOk(await engine.commit(a!.state, { groupContextExtensions: [] }), 'clear');
  await deliverCommit(engine, [a!, b!, c!], a!, c3.state, c3.commit);
  assert.deepEqual(engine.groupContextExtensions(b!.state), []);
  await assertAgree(engine, [a!.state, b!.state, c!.state], 'cleared');
});

test('GroupContextExtensions: the ratchet tree or a repeated type is refused; the committer always includes the path the RFC requires', async () => {
  const [a, b] = await buildGroup(engine, 1, ['alice', 'bob'], 'gce-bad');
  assert.equal((await engine.proposeGroupContextExtensions(a!.state, [{ type: 2, data: new Uint8Array([0]) }])).kind, 'rejected');
  assert.equal((await engine.proposeGroupContextExtensions(a!.state, [{ type: 9, data: new Uint8Array() }, { type: 9, data: new Uint8Array() }])).kind, 'rejected');
  // The committer always sends a path with GroupContextExtensions (RFC 9420 §17.4), so bob accepts.
  const c = expectOk(await engine.commit(a!.state, { groupContextExtensions: [] , publicMessage: true }), 'commit');
  expectOk(await engine.processHandshake(b!.state, c.commit), 'bob processes');
});
