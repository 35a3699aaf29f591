// Tampered expectations fail at the right action with a precise one-line reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MlsEngine } from '../../sim/mls/engine.ts';
import { runMlsScripts, type FailedScriptReport, type ScriptReport } from '../../sim/mlsScript/index.ts';
import { engine, file, scriptText, why } from './helpers.ts';

function failed(r: ScriptReport | undefined): FailedScriptReport {
  assert.ok(r !== undefined);
  assert.equal(r.status, 'fail', why(r));
  assert.ok(!r.reason.includes('\n'), r.reason);
  return r;
}

const flipByte = (p: Uint8Array, at: number): Uint8Array => {
  p[at < 0 ? p.length + at : at]! ^= 0x01;
  return p;
};

test('a ciphertext corrupted in transit to the receiver fails unprotect, naming actor and action', async () => {
  const [r] = await runMlsScripts(scriptText('application.json'), 'application.json', {
    engine,
    script: 'in_order',
    tamper: (m) => (m.item === 'application' && m.source === 2 && m.to === 'bob' ? flipByte(m.payload, -5) : undefined),
  });
  const f = failed(r);
  assert.equal(f.failedAction, 5);
  assert.equal(f.failedActionName, 'unprotect');
  assert.equal(f.actionsRun, 5);
  assert.match(f.reason, /^bob: unprotect of action 2 rejected \(bad-signature\): /);
});

test('a commit corrupted on its way to one member fails the commit at that member', async () => {
  const [r] = await runMlsScripts(scriptText('commit.json'), 'commit.json', {
    engine,
    script: 'update_from_self_and_others',
    publicHandshake: true,
    tamper: (m) => (m.item === 'commit' && m.step === 3 && m.to === 'carol' ? flipByte(m.payload, 40) : undefined),
  });
  const f = failed(r);
  assert.equal(f.failedAction, 3);
  assert.match(f.reason, /^carol: commit rejected \(bad-signature\): /);
});

test('a corrupted Welcome fails the joiner', async () => {
  const [r] = await runMlsScripts(scriptText('welcome_join.json'), 'welcome_join.json', {
    engine,
    script: 'add_by_value',
    tamper: (m) => (m.item === 'welcome' && m.to === 'carol' ? flipByte(m.payload, -3) : undefined),
  });
  assert.match(failed(r).reason, /^carol: Welcome rejected \(/);
});

test('a wrong member list: a member that never joined, one the commit removes, joiners without adds', async () => {
  const reports = await runMlsScripts(
    file({
      never_joined: [
        { action: 'createGroup', actor: 'alice', members: ['bob'] },
        { action: 'createKeyPackage', actor: 'carol' },
        { action: 'fullCommit', actor: 'alice', members: ['bob', 'carol'] },
      ],
      removed_but_listed: [
        { action: 'createGroup', actor: 'alice', members: ['bob', 'carol'] },
        { action: 'removeProposal', actor: 'alice', removed: 'carol' },
        { action: 'fullCommit', actor: 'alice', byReference: [1], members: ['bob', 'carol'] },
      ],
      joiners_without_adds: [
        { action: 'createGroup', actor: 'alice' },
        { action: 'createKeyPackage', actor: 'bob' },
        { action: 'fullCommit', actor: 'alice', joiners: ['bob'] },
      ],
      remove_a_stranger: [
        { action: 'createGroup', actor: 'alice', members: ['bob'] },
        { action: 'fullCommit', actor: 'alice', byValue: [{ proposalType: 'remove', removed: 'zoe' }], members: ['bob'] },
      ],
      stale_member: [
        { action: 'createGroup', actor: 'alice', members: ['bob', 'carol'] },
        { action: 'fullCommit', actor: 'alice', members: ['bob'] },
        { action: 'fullCommit', actor: 'alice', members: ['bob', 'carol'] },
      ],
      ok: [{ action: 'createGroup', actor: 'alice', members: ['bob'] }],
    }),
    'inline.json',
    { engine },
  );
  const [neverJoined, removed, noAdds, stranger, stale, ok] = reports;
  assert.equal(failed(neverJoined).failedAction, 2);
  assert.equal(failed(neverJoined).reason, 'carol: commit rejected (no-state): carol has no group state (it never created or joined a group)');
  assert.equal(failed(removed).reason, 'carol was removed by this commit but is named to follow it');
  assert.equal(failed(noAdds).reason, 'joiners bob are named, but the commit adds nobody, so there is no Welcome');
  assert.equal(failed(stranger).reason, 'zoe is not a member of the group as alice sees it (epoch 1)');
  assert.match(failed(stale).reason, /^carol: commit rejected \(wrong-epoch\): /);
  assert.equal(ok!.status, 'pass');
});

test('verify group state catches a member whose engine disagrees on the epoch authenticator or exporter', async () => {
  const lying = (what: 'authenticator' | 'exporter'): MlsEngine => ({
    ...engine,
    epochAuthenticator: (s) => {
      const a = engine.epochAuthenticator(s);
      return what === 'authenticator' && engine.members(s)[engine.ownLeafIndex(s)]?.identity === 'bob' ? a.map((b) => b ^ 1) : a;
    },
    exportSecret: async (s, label, context, length) => {
      const x = await engine.exportSecret(s, label, context, length);
      return what === 'exporter' && engine.epoch(s) === 1n && engine.members(s)[engine.ownLeafIndex(s)]?.identity === 'bob' ? x.map((b) => b ^ 1) : x;
    },
  });
  const text = file({ s: [{ action: 'createGroup', actor: 'alice', members: ['bob'] }] });
  const [a] = await runMlsScripts(text, 'inline.json', { engine: lying('authenticator') });
  assert.equal(failed(a).reason, 'verify group state: bob and alice have different epoch authenticators at epoch 1');
  const [x] = await runMlsScripts(text, 'inline.json', { engine: lying('exporter') });
  assert.equal(failed(x).reason, 'verify group state: bob and alice export different secrets at epoch 1');
});

test('unprotect must return the protected plaintext and authenticated data', async () => {
  const swap = (field: 'plaintext' | 'authenticatedData'): MlsEngine => ({
    ...engine,
    unprotect: async (s, m) => {
      const r = await engine.unprotect(s, m);
      return r.kind === 'ok' ? { ...r, [field]: new TextEncoder().encode('forged') } : r;
    },
  });
  const opts = { script: 'in_order' } as const;
  const [p] = await runMlsScripts(scriptText('application.json'), 'application.json', { ...opts, engine: swap('plaintext') });
  assert.equal(failed(p).reason, 'bob: unprotect of action 1 gave plaintext "forged", expected "message 1"');
  const [d] = await runMlsScripts(scriptText('application.json'), 'application.json', { ...opts, engine: swap('authenticatedData') });
  assert.equal(failed(d).reason, 'bob: unprotect of action 1 gave authenticated data "forged", expected "ad-1"');
});

test('an engine that throws fails only that script, keeping the error', async () => {
  let calls = 0;
  const flaky: MlsEngine = {
    ...engine,
    proposeUpdate: async () => {
      calls++;
      throw new TypeError('state: not a group handle of this engine');
    },
  };
  const reports = await runMlsScripts(
    file({
      a: [{ action: 'createGroup', actor: 'alice', members: ['bob'] }, { action: 'updateProposal', actor: 'bob' }],
      b: [{ action: 'createGroup', actor: 'alice', members: ['bob'] }],
    }),
    'inline.json',
    { engine: flaky },
  );
  const f = failed(reports[0]);
  assert.equal(f.failedAction, 1);
  assert.equal(f.reason, 'threw TypeError: state: not a group handle of this engine');
  assert.ok(f.error instanceof TypeError);
  assert.equal(reports[1]!.status, 'pass');
  assert.equal(calls, 1);
});

test('split commit: handlePendingCommit without a commit, joinGroup of a commit without a Welcome', async () => {
  const reports = await runMlsScripts(
    file({
      no_pending: [{ action: 'createGroup', actor: 'alice' }, { action: 'handlePendingCommit', actor: 'alice' }],
      no_welcome: [
        { action: 'createGroup', actor: 'alice', members: ['bob'] },
        { action: 'commit', actor: 'alice' },
        { action: 'createKeyPackage', actor: 'carol' },
        { action: 'joinGroup', actor: 'carol', welcome: 1 },
      ],
      handle_before_pending: [
        { action: 'createGroup', actor: 'alice', members: ['bob'] },
        { action: 'commit', actor: 'alice', force_path: true },
        { action: 'handleCommit', actor: 'bob', commit: 1 },
        { action: 'protect', actor: 'bob', plaintext: 'new epoch' },
        { action: 'unprotect', actor: 'alice', ciphertext: 3 },
      ],
    }),
    'inline.json',
    { engine },
  );
  assert.equal(failed(reports[0]).reason, 'alice has no pending commit');
  assert.equal(failed(reports[1]).reason, 'action 1 produced no Welcome (its commit added nobody)');
  const late = failed(reports[2]);
  assert.equal(late.failedAction, 4);
  assert.match(late.reason, /^alice: unprotect of action 3 rejected \(wrong-epoch\): /);
});
