// The RFC 9420 mechanisms beyond the basic actions, as scripts: ReInit, branch, resumption PSKs,
// GroupContextExtensions, external senders, resync and out-of-band trees. Misuse fails the script with
// a one-line reason; the shipped scripts are deterministic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MlsScriptError, runMlsScripts, type ScriptReport } from '../../sim/mlsScript/index.ts';
import { byName, engine, file, scriptText, why } from './helpers.ts';

const reasonOf = (r: ScriptReport): string => (r.status === 'pass' ? 'passed' : r.reason);

const withServer = [
  { action: 'createGroup', actor: 'alice', members: ['bob', 'carol'] },
  { action: 'addExternalSigner', actor: 'alice', signer: 'server' },
  { action: 'fullCommit', actor: 'alice', byReference: [1], members: ['bob', 'carol'] },
];

test('an externalJoin by a member of the group fails; with removePrior it is a resync and passes', async () => {
  const reports = await runMlsScripts(
    file({
      member_rejoins: [
        { action: 'createGroup', actor: 'alice', members: ['bob'] },
        { action: 'externalJoin', actor: 'alice', joiner: 'bob' },
      ],
      member_resyncs: [
        { action: 'createGroup', actor: 'alice', members: ['bob'] },
        { action: 'externalJoin', actor: 'alice', joiner: 'bob', removePrior: true },
        { action: 'fullCommit', actor: 'bob', members: ['alice'] },
      ],
    }),
    'x.json',
    { engine },
  );
  const bad = byName(reports, 'member_rejoins');
  assert.equal(bad.status, 'fail');
  assert.equal(bad.failedAction, 1);
  assert.match(bad.reason!, /^bob is already a member of the group; an external join by a member must remove its prior leaf \(removePrior, RFC 9420 §12\.4\.3\.2\)$/);
  const good = byName(reports, 'member_resyncs');
  assert.equal(good.status, 'pass', why(good));
  assert.equal(good.epochsVerified, 3);
});

test('external proposals: a non-signer, a signer the group never accepted and a forged signature all fail', async () => {
  const reports = await runMlsScripts(
    file({
      not_a_signer: [...withServer, { action: 'externalSignerProposal', actor: 'mallory', member: 'alice', description: { proposalType: 'remove', removed: 'bob' } }],
      never_committed: [
        { action: 'createGroup', actor: 'alice', members: ['bob'] },
        { action: 'addExternalSigner', actor: 'alice', signer: 'server' },
        { action: 'externalSignerProposal', actor: 'server', member: 'alice', description: { proposalType: 'remove', removed: 'bob' } },
      ],
      forged: [...withServer, { action: 'externalSignerProposal', actor: 'server', member: 'alice', description: { proposalType: 'remove', removed: 'bob' } }],
    }),
    'x.json',
    {
      engine,
      // Flip one bit of the signature of the proposal the DS forwards to bob in script "forged".
      tamper: (m) => {
        if (m.script !== 'forged' || m.step !== 3 || m.item !== 'proposal' || m.to !== 'bob') return undefined;
        const bytes = m.payload.slice();
        bytes[bytes.length - 4]! ^= 1;
        return bytes;
      },
    },
  );
  assert.match(reasonOf(byName(reports, 'not_a_signer')), /^mallory is not an external signer/);
  assert.match(reasonOf(byName(reports, 'never_committed')), /^server: external remove proposal rejected \(not-member\): the group does not list this external sender/);
  const forged = byName(reports, 'forged');
  assert.equal(forged.status, 'fail');
  assert.match(forged.reason!, /^bob: external remove proposal rejected \(bad-signature\)/);
});

test('a reinit without a proposer or an external ReInit proposal is a file error naming the action', async () => {
  await assert.rejects(
    runMlsScripts(file({ r: [{ action: 'createGroup', actor: 'alice', members: ['bob'] }, { action: 'reinit', committer: 'alice', welcomer: 'alice', members: ['bob'] }] }), 'f.json', { engine }),
    (e: unknown) => {
      assert.ok(e instanceof MlsScriptError);
      assert.equal(e.message, 'f.json: scripts.r[1]: a reinit needs "proposer" (or "actor") or "externalReinitProposal": someone must propose the ReInit');
      return true;
    },
  );
});

test('ReInit: a member that missed the last commit cannot follow the ReInit, and the script fails naming it', async () => {
  const [r] = await runMlsScripts(scriptText('reinit.json'), 'reinit.json', { engine, script: 'change_ciphersuite_then_talk' });
  assert.equal(r!.status, 'pass', why(r!));
  const [fails] = await runMlsScripts(
    file({
      missed: [
        { action: 'createGroup', actor: 'alice', members: ['bob', 'carol'] },
        { action: 'fullCommit', actor: 'alice', members: ['bob'] },
        { action: 'reinit', proposer: 'alice', committer: 'bob', welcomer: 'alice', members: ['carol'] },
      ],
    }),
    'x.json',
    { engine },
  );
  assert.equal(fails!.status, 'fail');
  assert.equal(fails!.failedAction, 2);
  assert.match(fails!.reason!, /^carol: ReInit commit rejected \(wrong-epoch\)/);
});

test('the shipped mechanism scripts give the same digests on every run, other digests under another seed', async () => {
  for (const f of ['reinit.json', 'branch.json', 'external_proposals.json', 'external_tree.json']) {
    const a = await runMlsScripts(scriptText(f), f, { engine, seed: 'one' });
    const b = await runMlsScripts(scriptText(f), f, { engine, seed: 'one' });
    const c = await runMlsScripts(scriptText(f), f, { engine, seed: 'two' });
    assert.deepEqual(a.map((r) => r.traceDigest), b.map((r) => r.traceDigest), f);
    for (const [i, r] of a.entries()) assert.notEqual(r.traceDigest, c[i]!.traceDigest, `${f} ${r.name}`);
  }
});

test('PublicMessage handshakes and suite 3 run the mechanism scripts too', async () => {
  for (const f of ['reinit.json', 'external_proposals.json', 'resumption_psk.json', 'group_context_extensions.json']) {
    for (const r of await runMlsScripts(scriptText(f), f, { engine, publicHandshake: true, ciphersuite: 3 })) assert.equal(r.status, 'pass', why(r));
  }
});
