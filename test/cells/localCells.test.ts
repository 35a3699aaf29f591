import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLocalCells, runOneCell, type Cell } from '../../sim/cells/index.ts';
import { ScenarioError } from '../../scenarios/index.ts';
import { smallScenario } from '../runner/smallScenario.ts';

test('the local cell pool returns each cell\'s run in the cells\' order, the same run as in this thread', async () => {
  const long = smallScenario();
  const short = { ...long, durationSeconds: 5, drainSeconds: 5 };
  // The long cell first: on two threads the short ones finish before it.
  const cells: Cell[] = [
    { scenario: long, architecture: 'federated-mls', seed: '7' },
    { scenario: short, architecture: 'bridge-reencrypt', seed: '8' },
    { scenario: short, seed: '9' },
  ];
  const finished: number[] = [];
  const runs = await runLocalCells(cells, { workers: 2, onCellDone: (done, total, index) => (assert.equal(total, 3), finished.push(index), assert.equal(done, finished.length)) });
  assert.deepEqual(finished.toSorted(), [0, 1, 2]);
  assert.deepEqual(runs.map((r) => `${r.architecture}/${r.seed}`), ['federated-mls/7', 'bridge-reencrypt/8', `${short.architecture}/9`]);
  const here = await Promise.all(cells.map((c) => runOneCell(c)));
  assert.deepEqual(runs.map((r) => r.digest), here.map((r) => r.digest));
  assert.deepEqual(await runLocalCells([]), []);
});

test('a cell the run rejects comes back from its thread as a ScenarioError naming the problem', async () => {
  const s = smallScenario();
  // Valid by the schema, refused by the plan: the workload's groups need more users than there are.
  const bad = { ...s, workload: { ...s.workload, groups: { ...s.workload.groups, size: { kind: 'fixed' as const, n: 50 } } } };
  await assert.rejects(runLocalCells([{ scenario: bad, seed: '1' }], { workers: 1 }), (e: unknown) => e instanceof ScenarioError && e.problems.length > 0);
});
