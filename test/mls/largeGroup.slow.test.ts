// Groups of 64 and 256: everyone agrees after commits from members spread over the tree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deliverCommit, expectOk, seededBytes, utf8, type Party, testEngine } from './helpers.ts';

const engine = testEngine();

/** Everyone is added in one commit; only `joiners` (default: all) process the Welcome. */
async function bigGroup(n: number, suite: number, joiners?: readonly number[]): Promise<Party[]> {
  const members = [];
  for (let i = 0; i < n; i++) members.push(await engine.createMember({ identity: `m${i}`, ciphersuite: suite, randomBytes: seededBytes(`big/${i}`) }));
  const kps = [];
  for (const m of members.slice(1)) kps.push(await engine.generateKeyPackage(m));
  const { state } = await engine.createGroup(members[0]!, utf8(`big-${n}`));
  const c = expectOk(await engine.commit(state, { adds: kps.map((k) => k.keyPackage) }));
  const parties: Party[] = [{ name: 'm0', member: members[0]!, state: c.state }];
  for (const [i, m] of members.slice(1).entries()) {
    if (joiners !== undefined && !joiners.includes(i + 1)) continue;
    parties[i + 1] = { name: `m${i + 1}`, member: m, state: expectOk(await engine.joinFromWelcome(m, c.welcome!, kps[i]!.keyPackagePrivate)).state };
  }
  return parties;
}

const agree = (ps: Party[]) => new Set(ps.map((p) => Buffer.from(engine.epochAuthenticator(p.state)).toString('hex'))).size === 1;

test('64 members, suite 1: three path commits from across the tree, everyone follows', async () => {
  const ps = await bigGroup(64, 1);
  assert.ok(agree(ps));
  for (const i of [37, 5, 63]) {
    const committer = ps[i]!;
    const c = expectOk(await engine.commit(committer.state, { forcePath: true }));
    await deliverCommit(engine, ps, committer, c.state, c.commit);
    assert.ok(agree(ps), `disagreement after commit by m${i}`);
  }
});

test('256 members, suite 83: join, a path commit, and a removal, checked on a sample of members', async () => {
  const ps = await bigGroup(256, 83, [1, 100, 128, 200, 255]);
  const sample = [0, 1, 100, 200, 255].map((i) => ps[i]!);
  const c = expectOk(await engine.commit(ps[128]!.state));
  for (const p of sample) p.state = expectOk(await engine.processHandshake(p.state, c.commit)).state;
  const rm = expectOk(await engine.commit(ps[1]!.state, { removes: [engine.ownLeafIndex(ps[200]!.state)] }));
  assert.deepEqual(rm.removedMembers.map((m) => m.identity), ['m200']);
  const left = [0, 100, 255].map((i) => ps[i]!);
  for (const p of left) p.state = expectOk(await engine.processHandshake(p.state, rm.commit)).state;
  left.push({ ...ps[1]!, state: rm.state });
  assert.ok(agree(left));
  assert.equal(engine.members(rm.state).length, 255);
});
