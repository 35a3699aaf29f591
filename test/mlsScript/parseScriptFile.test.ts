// File validation: every problem is one line naming the file and the field path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MlsScriptError, MlsScriptFileError, parseScriptFile, runMlsScriptFile } from '../../sim/mlsScript/index.ts';
import { engine, file, scriptPath, scriptText } from './helpers.ts';

function problem(text: string): string {
  try {
    parseScriptFile(text, 'f.json');
  } catch (e) {
    assert.ok(e instanceof MlsScriptError, String(e));
    assert.ok(!e.message.includes('\n'), `not one line: ${e.message}`);
    return e.message;
  }
  assert.fail('expected a validation error');
}

const kp = (actor: string) => ({ action: 'createKeyPackage', actor });
const group = { action: 'createGroup', actor: 'alice' };

test('the shipped bad_reference.json: a key package from a later action', async () => {
  await assert.rejects(runMlsScriptFile(scriptPath('bad_reference.json'), { engine }), (e: unknown) => {
    assert.ok(e instanceof MlsScriptFileError);
    assert.equal(e.message, `${scriptPath('bad_reference.json')}: scripts.add[5].keyPackage: refers to action 7, which comes later`);
    assert.deepEqual(e.problems, ['scripts.add[5].keyPackage: refers to action 7, which comes later']);
    return true;
  });
  assert.match(problem(scriptText('bad_reference.json')), /^f\.json: scripts\.add\[5\]\.keyPackage: refers to action 7, which comes later$/);
});

test('references: out of range, to itself, to the wrong kind of action, inside byValue', () => {
  assert.equal(
    problem(file({ s: [group, { action: 'addProposal', actor: 'alice', keyPackage: 9 }] })),
    'f.json: scripts.s[1].keyPackage: refers to action 9, but the script has only 2 actions (0-1)',
  );
  assert.equal(problem(file({ s: [group, { action: 'unprotect', actor: 'bob', ciphertext: 1 }] })), 'f.json: scripts.s[1].ciphertext: refers to action 1, which is this action itself');
  assert.equal(
    problem(file({ s: [group, kp('bob'), { action: 'fullCommit', actor: 'alice', byReference: [1] }] })),
    'f.json: scripts.s[2].byReference[0]: refers to action 1 (createKeyPackage), which makes no proposal',
  );
  assert.equal(
    problem(file({ s: [group, kp('bob'), { action: 'fullCommit', actor: 'alice', byValue: [{ proposalType: 'externalPSK', pskID: 1 }] }] })),
    'f.json: scripts.s[2].byValue[0].pskID: refers to action 1 (createKeyPackage), which makes no PSK',
  );
  assert.equal(problem(file({ s: [group, { action: 'joinGroup', actor: 'bob', welcome: 0 }] })), 'f.json: scripts.s[1].welcome: refers to action 0 (createGroup), which makes no Welcome');
});

test('schema: unknown action, missing and mistyped fields, unknown fields, bad proposal type', () => {
  assert.match(problem(file({ s: [group, { action: 'fulCommit', actor: 'alice' }] })), /^f\.json: scripts\.s\[1\]\.action: unknown action "fulCommit" \(known: createGroup, /);
  assert.equal(problem(file({ s: [{ actor: 'alice' }] })), 'f.json: scripts.s[0].action: required field is missing');
  assert.equal(problem(file({ s: [group, { action: 'addProposal', actor: 'alice' }] })), 'f.json: scripts.s[1].keyPackage: required field is missing');
  assert.equal(problem(file({ s: [group, { action: 'addProposal', actor: 'alice', keyPackage: '1' }] })), 'f.json: scripts.s[1].keyPackage: expected number, got "1"');
  assert.equal(problem(file({ s: [group, { action: 'addProposal', actor: 'alice', keyPackage: 1.5 }] })), 'f.json: scripts.s[1].keyPackage: expected a whole number, got 1.5');
  assert.equal(problem(file({ s: [{ action: 'fullCommit', actor: 'alice', forcePath: true }] })), 'f.json: scripts.s[0]: unknown field "forcePath"');
  assert.equal(
    problem(file({ s: [{ action: 'fullCommit', actor: 'alice', byValue: [{ proposalType: 'delete' }] }] })),
    'f.json: scripts.s[0].byValue[0].proposalType: expected one of "add" | "remove" | "externalPSK" | "resumptionPSK" | "groupContextExtensions" | "reinit", got "delete"',
  );
  assert.equal(problem(file({ s: [{ action: 'createGroup', actor: '' }] })), 'f.json: scripts.s[0].actor: must not be empty');
  assert.equal(problem(file({ 'my script': [{ action: 'createGroup' }] })), 'f.json: scripts["my script"][0].actor: required field is missing');
  assert.equal(problem('{"scripts": {"s": ["createGroup"]}}'), 'f.json: scripts.s[0]: expected an action object, got "createGroup"');
});

test('file level: JSON syntax with line and column, missing or empty scripts, several problems counted', () => {
  assert.match(problem('{\n  "scripts": {\n    "a": [}\n}'), /^f\.json: not valid JSON at line 3, column 11: /);
  assert.equal(problem('{}'), 'f.json: scripts: required field is missing');
  assert.equal(problem('{"scripts": {}}'), 'f.json: scripts: expected at least one script');
  assert.equal(problem('{"scripts": {"a": []}}'), 'f.json: scripts.a: expected at least 1 item');
  assert.equal(problem('{"scripts": {"a": [{"action": "createGroup"}]}, "extra": 1}'), 'f.json: (top level): unknown field "extra"');
  assert.equal(
    problem(file({ a: [{ action: 'createGroup' }], b: [group, { action: 'protect', actor: 7 }], c: [group, { action: 'unprotect', actor: 'b', ciphertext: 9 }] })),
    'f.json: scripts.a[0].actor: required field is missing (and 2 more problems)',
  );
  assert.equal(problem('[1]'), 'f.json: (top level): expected object, got a list');
});

test('a valid file parses to typed actions in file order; the IETF "mode" field is accepted', () => {
  const parsed = parseScriptFile(JSON.stringify({ mode: 'random', scripts: { b: [group], a: [group, kp('bob')] } }), 'f.json');
  assert.deepEqual(parsed.scripts.map((s) => s.name), ['b', 'a']);
  assert.equal(parsed.scripts[1]!.actions[1]!.action, 'createKeyPackage');
});

test('a script named __proto__ is an error naming it, not silently dropped', () => {
  const text = `{"scripts": {"ok": [{"action": "createGroup", "actor": "alice"}], "__proto__": [{"action": "createGroup", "actor": "bob"}]}}`;
  assert.equal(problem(text), 'f.json: scripts.__proto__: "__proto__" cannot be a script name');
});
