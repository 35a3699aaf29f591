import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { loadSweep } from '../../sim/sweep/loadSweep.ts';
import { planCells } from '../../sim/sweep/planCells.ts';
import { SweepError } from '../../sim/sweep/sweepError.ts';
import { planSweep, SweepPointRefused } from '../../sim/sweep/planSweep.ts';
import { cli } from '../cli/runCli.ts';

const FIXTURE = new URL('../fixtures/sweeps/tiny.yaml', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'isim-sweep-load-'));

function problemsOf(text: string): string[] {
  const f = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(f, text);
  try {
    planCells(loadSweep(f));
  } catch (e) {
    assert.ok(e instanceof SweepError, String(e));
    return [...e.problems];
  }
  return [];
}

test('the fixture plans 4 points x 2 seeds, each cell with its own job id and the point\'s scenario hash', () => {
  const plan = planCells(loadSweep(FIXTURE));
  assert.equal(plan.cells.length, 8);
  assert.equal(new Set(plan.cells.map((c) => c.jobId)).size, 8);
  assert.equal(new Set(plan.cells.map((c) => c.scenarioHash)).size, 4);
  assert.deepEqual(plan.parameters, ['network.access.loss', 'workload.messagesPerMemberPerMinute']);
  assert.equal(plan.id, planCells(loadSweep(FIXTURE)).id, 'same file, same code: same sweep id');
});

test('every bad field of a sweep file is named at once', () => {
  const p = problemsOf(`name: bad
base: default
parameters:
  network.access.loss: { from: 0, to: 1 }
  "providers..users": [1]
design: { kind: grid }
metrics: [deliveryRatio, speed]
seeds: 0
extra: 1
`);
  const text = p.join('\n');
  assert.match(text, /parameters\."network\.access\.loss"\.steps: a grid design needs steps/);
  assert.match(text, /parameters\."providers\.\.users": not a field path/);
  assert.match(text, /metrics\[1\]: expected one of/);
  assert.match(text, /seeds:/);
  assert.match(text, /unknown field "extra"/);
});

test('a parameter value the scenario rejects is named with the point it came from', () => {
  const p = problemsOf(`name: badvalue
base: ${FIXTURE.replace('tiny.yaml', 'tiny-base.yaml')}
parameters:
  network.access.loss: [0, 2]
  providers[5].users: [1]
`);
  assert.ok(p.some((x) => /providers\[5\]\.users": \[5\] is past the end of a list of 2/.test(x)), p.join('\n'));
  const q = problemsOf(`name: badvalue
base: ${FIXTURE.replace('tiny.yaml', 'tiny-base.yaml')}
parameters:
  network.access.loss: [0, 2]
  network.access.lost: [1]
`);
  assert.ok(q.some((x) => /^point \d \(network\.access\.loss=2, network\.access\.lost=1\): network\.access\.loss: expected a probability/.test(x)), q.join('\n'));
  assert.ok(q.some((x) => /network\.access: unknown field "lost"/.test(x)), q.join('\n'));
});

test('the CLI: a bad sweep file is exit 2 with one line per problem and nothing written; a missing file is one line', () => {
  const f = join(dir, 'cli-bad.yaml');
  writeFileSync(f, 'name: x\nbase: no-such-preset\nparameters: { a.b: [1] }\n');
  const r = cli('sweep', f, '--out', join(dir, 'never'));
  assert.equal(r.code, 2);
  assert.match(r.err, /^error: .*cli-bad\.yaml: invalid sweep\n  base: "no-such-preset" is neither a scenario file/m);
  assert.doesNotMatch(r.err, /at .*\.ts:\d+/);
  const m = cli('sweep', join(dir, 'missing.yaml'));
  assert.equal(m.code, 2);
  assert.match(m.err, /^error: .*missing\.yaml: no such file$/m);
});

test('a point the plan step refuses stops the sweep up front: exit 2, one line naming the point and the field, nothing written', async () => {
  const base = FIXTURE.replace('tiny.yaml', 'tiny-base.yaml');
  const f = join(dir, 'plan-refused.yaml');
  writeFileSync(f, `name: refused
base: ${base}
set:
  providers: [{ id: a, users: 2 }, { id: b, users: 2 }, { id: c, users: 2 }]
  network.topology: { kind: chain, order: [a, b, c] }
  attackers: [{ kind: network-adversary, a: a, b: b, actions: [read] }]
parameters:
  attackers[0].b: [b, c]
`);
  const planned = planCells(loadSweep(f));
  assert.equal(planned.cells.length, 2, 'the schema accepts both points');
  await assert.rejects(planSweep(loadSweep(f)), (e: unknown) => {
    assert.ok(e instanceof SweepPointRefused, String(e));
    assert.equal(e.line, 'point 1 (attackers[0].b="c"): attackers[0]: no link a-c in the network under federated-mls');
    return true;
  });
  const out = join(dir, 'refused-out');
  const r = cli('sweep', f, '--out', out);
  assert.equal(r.code, 2, r.err);
  assert.equal(r.err.trim(), `error: ${f}: point 1 (attackers[0].b="c"): attackers[0]: no link a-c in the network under federated-mls`);
  assert.equal(existsSync(out), false, 'no database, no output folder');
});

test('a plug-in engine named in the sweep file is found next to it, one named in the base next to the base', () => {
  const plan = planCells(loadSweep(FIXTURE.replace('tiny.yaml', 'failing.yaml')));
  const modules = plan.cells.map((c) => (c.scenario.mls as { engine: { module: string } }).engine.module);
  assert.deepEqual([...new Set(modules)], [join(dirname(FIXTURE), '..', 'wrappedEngine.ts'), join(dirname(FIXTURE), 'faultyEngine.ts')]);
});
