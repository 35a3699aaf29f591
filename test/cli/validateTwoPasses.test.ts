import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { validateScenario } from '../../scenarios/index.ts';
import { planScenario } from '../../sim/runner/plan/planScenario.ts';
import { cli } from './runCli.ts';

// `validate` checks in two passes: every schema problem (types, bounds, cross-field rules); only when
// there is none, every plan problem (engine, suites, network, references, size), none hiding another.

const dir = mkdtempSync(join(tmpdir(), 'isim-passes-'));
const write = (name: string, doc: Record<string, unknown>): string => {
  const file = join(dir, name);
  writeFileSync(file, stringify(doc));
  return file;
};

test('schema pass: every schema problem, no plan problem, and a note that the plan waits', () => {
  // A type error, a cross-field error (in another scenario) and an unsupported suite (a plan problem).
  const file = write('schema.yaml', { name: 's', providers: [{ id: 'provA', users: 3 }], mls: { ciphersuites: [99] }, workload: { bogus: 1, messagesPerMemberPerMinute: -1 } });
  const r = cli('validate', file);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /^ {2}workload: unknown field "bogus"$/m);
  assert.match(r.err, /^ {2}workload\.messagesPerMemberPerMinute: /m);
  assert.doesNotMatch(r.err, /ciphersuite 99/);
  assert.match(r.err, /^note: .*schema\.yaml: schema problems only; the plan .* is checked once they are fixed$/m);
  assert.doesNotMatch(r.err, /\n\s+at /);
});

test('plan pass: a population too big to draw no longer hides the other plan problems', async () => {
  const doc = { name: 'p', providers: [{ id: 'provA', users: 1_000_000, devicesPerUser: 32 }, { id: 'provB', users: 3 }], mls: { ciphersuites: [99] } };
  const r = cli('validate', write('plan.yaml', doc));
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /^ {2}providers: at least 32,000,003 devices exceed the limit/m);
  assert.match(r.err, /^ {2}mls\.ciphersuites\[0\]: ciphersuite 99 is not supported/m);
  assert.doesNotMatch(r.err, /^note:/m);
  const planned = await planScenario(validateScenario(doc));
  assert.equal(planned.kind, 'rejected');
  assert.equal(planned.kind === 'rejected' && planned.stage, 'plan');
});

test('plan pass: a run too big to finish is reported beside a reference problem', async () => {
  const s = validateScenario({
    name: 'q',
    durationSeconds: 10_000,
    providers: [{ id: 'provA', users: 1000 }, { id: 'provB', users: 1000 }],
    mls: { ciphersuites: [99] },
    workload: { oneToOne: 1000, groups: { count: 0, size: { kind: 'fixed', n: 2 } }, messagesPerMemberPerMinute: 600, messageBytes: { min: 1, max: 1 } },
  });
  const r = await planScenario(s);
  assert.equal(r.kind, 'rejected');
  const paths = r.kind === 'rejected' ? r.problems.map((p) => p.path) : [];
  assert.ok(paths.includes('(run)'), paths.join(', '));
  assert.ok(paths.includes('mls.ciphersuites[0]'), paths.join(', '));
});

test('the new workload fields are schema problems: one line naming the field, exit 2', () => {
  const file = write('fields.yaml', { name: 'f', providers: [{ id: 'provA', users: 3 }], workload: { departures: { perGroupPerHour: 0 }, lostState: { perDevicePerHour: 1, restoreSeconds: -2 } } });
  const r = cli('validate', file);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /^ {2}workload\.departures\.perGroupPerHour: expected a positive number, got 0$/m);
  assert.match(r.err, /^ {2}workload\.lostState\.restoreSeconds: expected a number >= 0, got -2$/m);
});
