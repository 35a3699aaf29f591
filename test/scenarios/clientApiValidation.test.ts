import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { cli } from '../cli/runCli.ts';

// Bad `clientApi` fields: `validate` exits 2 with one line naming the field, no stack trace.
const dir = mkdtempSync(join(tmpdir(), 'isim-client-api-'));
const base = (clientApi: unknown) => ({
  name: 'bad',
  architecture: 'client-api',
  durationSeconds: 5,
  providers: [{ id: 'provA', users: 3 }, { id: 'provB', users: 3 }],
  workload: { oneToOne: 2, groups: { count: 0, size: { kind: 'fixed', n: 2 } } },
  clientApi,
});

const CASES: [string, unknown, RegExp][] = [
  ['a service naming no provider', { services: [{ provider: 'provZ' }] }, /^ {2}clientApi\.services\[0\]\.provider: "provZ" names no provider$/],
  ['a service listed twice', { services: [{ provider: 'provA' }, { provider: 'provA', breaksPerDay: 1 }] }, /^ {2}clientApi\.services\[1\]\.provider: "provA" is already listed at services\[0\]$/],
  ['a negative break rate', { services: [{ provider: 'provA', breaksPerDay: -1 }] }, /^ {2}clientApi\.services\[0\]\.breaksPerDay: expected a number >= 0, got -1$/],
  ['a break rate beyond the bound', { services: [{ provider: 'provA', breaksPerDay: 1e6 }] }, /^ {2}clientApi\.services\[0\]\.breaksPerDay: expected at most 1,000, got 1000000$/],
  ['a break time that is no number', { services: [{ provider: 'provA', breaksAtSeconds: ['noon'] }] }, /^ {2}clientApi\.services\[0\]\.breaksAtSeconds\[0\]: expected a number >= 0, got "noon"$/],
  ['an unknown policy', { whileBroken: 'retry' }, /^ {2}clientApi\.whileBroken: .*"retry"$/],
  ['an update delay of an unknown kind', { updateDelay: { kind: 'weibull', seconds: 3 } }, /^ {2}clientApi\.updateDelay\.kind: .*"weibull"$/],
  ['a keepalive every microsecond', { keepaliveSeconds: 1e-6 }, /^ {2}clientApi\.keepaliveSeconds: expected 0 \(none\) or at least 0\.1 s, got 0\.000001$/],
  ['an unknown vendor access', { vendor: { access: 'root' } }, /^ {2}clientApi\.vendor\.access: .*"root"$/],
  ['an unknown field', { services: [], breaks: 2 }, /^ {2}clientApi(\.breaks)?: .*breaks/],
];

const files = CASES.map(([name, clientApi]) => {
  const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
  writeFileSync(file, stringify(base(clientApi)));
  return file;
});
const good = join(dir, 'good.yaml');
writeFileSync(good, stringify(base({ services: [{ provider: 'provA', breaksPerDay: 2, breaksAtSeconds: [1, 99] }], updateDelay: { kind: 'exponential', meanSeconds: 3600 }, whileBroken: 'drop', keepaliveSeconds: 0, vendor: { access: 'cloud' } })));
// One `validate` over every file (a process start costs seconds on a loaded machine); each case reads its block.
let batch: ReturnType<typeof cli> | undefined;
const validated = () => (batch ??= cli('validate', ...files));

test('validate over all of them exits 2 and prints no stack', () => {
  const r = validated();
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, new RegExp(`^error: ${CASES.length} of ${CASES.length} scenarios are invalid$`, 'm'));
  assert.doesNotMatch(r.err, /\n\s+at /);
});

CASES.forEach(([name, , line], i) => {
  test(`bad clientApi: ${name}: one line naming the field`, () => {
    const lines = validated().err.split('\n');
    const at = lines.indexOf(`error: ${files[i]}: invalid scenario`);
    assert.ok(at >= 0, validated().err);
    const block = lines.slice(at + 1).filter((l, k, all) => all.slice(0, k + 1).every((x) => x.startsWith('  ')));
    assert.equal(block.length, 1, block.join('\n'));
    assert.match(block[0]!, line);
  });
});

test('a good clientApi block validates', () => {
  const r = cli('validate', good);
  assert.equal(r.code, 0, r.err);
});
