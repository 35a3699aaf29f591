// Every script we ship in scenarios/mls-scripts passes, and together they use every action of the IETF runner.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { runMlsScriptFile, runMlsScripts } from '../../sim/mlsScript/index.ts';
import { ACTION_NAMES } from '../../sim/mlsScript/scriptSchema.ts';
import { byName, engine, scriptPath, scriptText, SCRIPTS_DIR, why } from './helpers.ts';

const ERROR_FILES = new Set(['bad_reference.json']);
const passingFiles = readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith('.json') && !ERROR_FILES.has(f));

for (const f of passingFiles) {
  test(`every script of ${f} passes, with verified epochs, bytes and time`, async () => {
    const reports = await runMlsScriptFile(scriptPath(f), { engine });
    assert.ok(reports.length > 0);
    for (const r of reports) {
      assert.equal(r.status, 'pass', why(r));
      assert.equal(r.actionsRun, r.actions, r.name);
      assert.ok(r.epochsVerified >= 1, `${r.name} verified no epoch`);
      assert.ok(r.wireBytes > 0 && r.envelopes > 0 && r.virtualTime > 0, r.name);
      assert.match(r.traceDigest, /^[0-9a-f]{64}$/);
      assert.equal(r.source, scriptPath(f));
    }
  });
}

test('the scenario files cover every action of the IETF runner and the byValue proposal types', () => {
  const used = new Set<string>();
  for (const f of passingFiles) {
    const json = JSON.parse(scriptText(f)) as { scripts: Record<string, { action: string; byValue?: { proposalType: string }[] }[]> };
    for (const script of Object.values(json.scripts)) {
      for (const a of script) {
        used.add(a.action);
        for (const d of a.byValue ?? []) used.add(`byValue:${d.proposalType}`);
      }
    }
  }
  const supported = [
    'createGroup', 'createKeyPackage', 'joinGroup', 'externalJoin', 'installExternalPSK', 'groupInfo',
    'addProposal', 'updateProposal', 'removeProposal', 'externalPSKProposal', 'preSharedKeyProposal',
    'fullCommit', 'commit', 'handleCommit', 'handlePendingCommit', 'protect', 'unprotect',
    'byValue:add', 'byValue:remove', 'byValue:externalPSK',
    'resumptionPSKProposal', 'groupContextExtensionsProposal', 'reinit', 'branch', 'newMemberAddProposal',
    'addExternalSigner', 'externalSignerProposal', 'byValue:resumptionPSK', 'byValue:groupContextExtensions',
  ];
  assert.deepEqual([...ACTION_NAMES].filter((a) => !used.has(a)), [], 'an action of the runner no shipped script uses');
  assert.deepEqual(supported.filter((a) => !used.has(a)), []);
});

test('other ciphersuite and PublicMessage handshakes', async () => {
  const suite3 = await runMlsScripts(scriptText('application.json'), 'application.json', { engine, ciphersuite: 3, script: 'out_of_order_across_epochs' });
  assert.equal(suite3[0]!.status, 'pass', why(suite3[0]!));
  assert.equal(suite3[0]!.ciphersuite, 3);
  const pub = await runMlsScripts(scriptText('commit.json'), 'commit.json', { engine, publicHandshake: true });
  for (const r of pub) assert.equal(r.status, 'pass', why(r));
  const priv = await runMlsScripts(scriptText('commit.json'), 'commit.json', { engine });
  assert.notEqual(byName(pub, 'everything_at_once').wireBytes, byName(priv, 'everything_at_once').wireBytes);
});
