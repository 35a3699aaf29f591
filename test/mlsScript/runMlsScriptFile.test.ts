// The entry points' own errors, and the console table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatScriptReports, MlsScriptError, runMlsScriptFile, runMlsScripts } from '../../sim/mlsScript/index.ts';
import { engine, scriptPath, scriptText, SCRIPTS_DIR } from './helpers.ts';

const oneLine = (pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof MlsScriptError, String(e));
  assert.ok(!e.message.includes('\n'));
  assert.match(e.message, pattern);
  return true;
};

test('a missing or unreadable file is an MlsScriptError naming it', async () => {
  await assert.rejects(runMlsScriptFile('/nonexistent/x.json', { engine }), oneLine(/^\/nonexistent\/x\.json: cannot read script file: no such file$/));
  await assert.rejects(runMlsScriptFile(SCRIPTS_DIR, { engine }), oneLine(/mls-scripts: cannot read script file: is a directory$/));
});

test('an unknown script name and an unsupported ciphersuite are MlsScriptErrors', async () => {
  await assert.rejects(
    runMlsScriptFile(scriptPath('external_join.json'), { engine, script: 'nope' }),
    oneLine(/external_join\.json: no script named "nope" \(it has single_member, with_more_members, joiner_then_talks\)$/),
  );
  const ids = engine.ciphersuites.map((c) => c.id).join(', ');
  await assert.rejects(runMlsScripts(scriptText('external_join.json'), 'x', { engine, ciphersuite: 9 }), (e: unknown) => {
    assert.ok(e instanceof MlsScriptError);
    assert.equal(e.message, `ciphersuite: 9 is not supported by engine ts-mls (supported: ${ids})`);
    return true;
  });
});

test('the table has one row per script, the failure detail, and a summary', async () => {
  const reports = await runMlsScripts(scriptText('unsupported.json'), 'unsupported.json', { engine });
  const table = formatScriptReports(reports);
  const lines = table.split('\n');
  assert.equal(lines.length, reports.length + 3);
  assert.match(lines[0]!, /^script\s+status\s+actions\s+epochs\s+wire bytes\s+envelopes\s+virtual time\s+detail$/);
  assert.match(lines[2]!, /^runs_fine\s+pass\s+2\/2\s+2\s+[\d,]+\s+\d+\s+0\.\d{6}s$/);
  assert.match(table, /group_context_extensions\s+unsupported\s+0\/3 .*action 1 \(groupContextExtensionsProposal\) of script "group_context_extensions" is not supported/);
  assert.equal(lines.at(-1), '5 scripts from unsupported.json: 1 pass, 0 fail, 4 unsupported');
});
