import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { ARCHITECTURE_NAMES, ARRANGEMENT_OF_ARCHITECTURE, arrangementOf } from '../../../sim/interop/index.ts';
import { planArrangements } from '../../../sim/runner/plan/planArrangements.ts';
import { planScenario } from '../../../sim/runner/plan/planScenario.ts';
import { validateScenario, type ScenarioInput } from '../../../scenarios/index.ts';
import { cli } from '../../cli/runCli.ts';

// The world model (issue 17): `arrangements` compile into one table in the plan step; every bad field
// is one line naming it, and `architecture: X` compiles to the uniform table of X.

const world = (over: Partial<ScenarioInput> = {}) =>
  validateScenario({
    name: 'w',
    durationSeconds: 5,
    drainSeconds: 5,
    providers: [
      { id: 'gk', users: 4, protocol: 'signal' },
      { id: 'e1', users: 3 },
      { id: 'e2', users: 3 },
    ],
    arrangements: { default: 'none', pairs: [{ between: ['gk', 'e1'], kind: 'bridge-e2ee' }, { between: ['e1', 'e2'], kind: 'federated' }] },
    workload: { oneToOne: 2, groups: { count: 1, size: { kind: 'fixed', n: 3 } }, messagesPerMemberPerMinute: 10 },
    ...over,
  });

test('architecture: X compiles to the uniform table of X, for each of the six', () => {
  const s = world({ arrangements: undefined, providers: [{ id: 'a', users: 2 }, { id: 'b', users: 3 }] });
  for (const arch of ARCHITECTURE_NAMES) {
    const { table, problems } = planArrangements(s, arch);
    assert.deepEqual(problems, []);
    assert.equal(table.uniform, arch);
    assert.equal(table.pairs.size, 0);
    assert.equal(arrangementOf(table, 'a' as never, 'b' as never)!.kind, ARRANGEMENT_OF_ARCHITECTURE[arch]);
  }
  // The uniform offer is the gatekeeper's: the largest provider unless named.
  assert.equal(planArrangements(s, 'bridge-e2ee').table.fallback.offeredBy, 'b');
});

test('listed pairs, the default for the rest, the offering side and protocol per provider', () => {
  const { table, problems } = planArrangements(world(), undefined);
  assert.deepEqual(problems, []);
  assert.equal(table.uniform, undefined);
  assert.deepEqual(table.protocols.map((p) => p.protocol), ['signal', 'mls', 'mls']);
  assert.deepEqual(arrangementOf(table, 'e1' as never, 'gk' as never), { kind: 'bridge-e2ee', offeredBy: 'gk' });
  assert.equal(arrangementOf(table, 'e2' as never, 'e1' as never)!.kind, 'federated');
  assert.equal(arrangementOf(table, 'gk' as never, 'e2' as never)!.kind, 'none');
  assert.equal(arrangementOf(table, 'gk' as never, 'gk' as never), undefined);
});

/** name, the arrangements (or a change to the scenario), the one problem expected. */
const BAD: [string, Partial<ScenarioInput>, string, RegExp][] = [
  ['a pair naming no provider', { arrangements: { default: 'none', pairs: [{ between: ['gk', 'zz'], kind: 'federated' }] } }, 'arrangements.pairs[0].between[1]', /"zz" names no provider/],
  ['a provider paired with itself', { arrangements: { default: 'none', pairs: [{ between: ['e1', 'e1'], kind: 'federated' }] } }, 'arrangements.pairs[0].between', /with itself/],
  ['a pair listed twice', { arrangements: { default: 'none', pairs: [{ between: ['e1', 'e2'], kind: 'federated' }, { between: ['e2', 'e1'], kind: 'hub' }] } }, 'arrangements.pairs[1].between', /already arranged at arrangements\.pairs\[0\]/],
  ['offer limits on a pair that is no offer', { arrangements: { default: 'none', pairs: [{ between: ['e1', 'e2'], kind: 'federated', limits: { optInShare: 0.5 } }] } }, 'arrangements.pairs[0].limits', /only a bridge-e2ee pair/],
  ['an offer by a provider outside the pair', { arrangements: { default: 'none', pairs: [{ between: ['gk', 'e1'], kind: 'bridge-e2ee', offeredBy: 'e2' }] } }, 'arrangements.pairs[0].offeredBy', /not one of the pair/],
  ['federated across protocols', { arrangements: { default: 'none', pairs: [{ between: ['gk', 'e1'], kind: 'federated' }] } }, 'arrangements.pairs[0].kind', /federated needs one protocol on both sides, but gk speaks signal and e1 speaks mls/],
  ['a hub default across protocols', { arrangements: { default: 'hub' } }, 'arrangements.default', /hub needs one protocol on both sides.*not listed/],
];

for (const [name, over, path, message] of BAD)
  test(`plan: ${name} is one problem naming ${path}`, async () => {
    const p = await planScenario(world(over));
    assert.equal(p.kind, 'rejected');
    const problems = p.kind === 'rejected' ? p.problems : [];
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0]!.path, path);
    assert.match(problems[0]!.message, message);
  });

test('federated-mls across protocols is refused naming architecture', async () => {
  const p = await planScenario(world({ arrangements: undefined }), { architecture: 'federated-mls' });
  assert.equal(p.kind, 'rejected');
  assert.ok(p.kind === 'rejected' && p.problems.some((x) => x.path === 'architecture' && /federated needs one protocol/.test(x.message)));
});

test('validate: a bad world field is one line naming it, exit 2, no stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'isim-world-'));
  const file = join(dir, 'w.yaml');
  const doc = { name: 'w', providers: [{ id: 'gk', users: 5, protocol: 'signal' }, { id: 'e1', users: 4 }], arrangements: { default: 'federated' } };
  writeFileSync(file, stringify(doc));
  const r = cli('validate', file);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /^ {2}arrangements\.default: federated needs one protocol on both sides, but gk speaks signal and e1 speaks mls/m);
  assert.doesNotMatch(r.err, /at .*\.ts:\d+/);
  writeFileSync(file, stringify({ ...doc, arrangements: { default: 'teleport' } }));
  const bad = cli('validate', file);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /arrangements\.default/);
});
