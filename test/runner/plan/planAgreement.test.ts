import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { PRESET_DIR, ScenarioError, validateScenario } from '../../../scenarios/index.ts';
import { planScenario } from '../../../sim/runner/plan/planScenario.ts';
import { runScenario } from '../../../sim/runner/runScenario.ts';
import { ARCHITECTURE_NAMES } from '../../../sim/interop/architecture.ts';

// Property: whatever `validate` accepts, `run` runs. Presets, shrunk to run in a second or two, get
// one to three mutations from the kinds of mistakes issue 12 found (suites, latency models, names,
// topologies, attackers, outages); each mutant is either refused with a ScenarioError by both the
// loader/plan and run, or planned and then run without throwing, every outcome accounted for.

type Doc = Record<string, any>;
let state = 0x9e3779b9;
const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const presets = readdirSync(PRESET_DIR).sort().map((f) => parse(readFileSync(join(PRESET_DIR, f), 'utf8')) as Doc);

const shrink = (d: Doc): Doc => ({
  ...d,
  durationSeconds: 4,
  drainSeconds: 4,
  providers: d.providers.map((p: Doc) => ({ ...p, users: Math.min(p.users, 4), devicesPerUser: 1 })),
  workload: { ...(d.workload ?? {}), oneToOne: 2, groups: { count: 1, size: { kind: 'fixed', n: 3 } } },
  ...(d.attackers && { attackers: d.attackers.slice(0, 2) }),
});

const ids = (d: Doc): string[] => [...d.providers.map((p: Doc) => p.id), ...(d.nodes ?? []).map((n: Doc) => n.id)];
const someNode = (d: Doc) => pick([...ids(d), 'bridge', 'discovery', 'nowhere']);

const MUTATIONS: ((d: Doc) => void)[] = [
  (d) => (d.mls = { ...(d.mls ?? {}), ciphersuites: [pick([1, 3, 83, 999, 2])] }),
  (d) => (d.providers[0].ciphersuites = [pick([1, 3, 81, 12345])]),
  (d) => (d.content = { ...(d.content ?? {}), clients: { [d.providers[0].id]: { upgrades: [{ ciphersuites: [pick([83, 7777])], curve: { kind: 'forced', at: 1 } }] } } }),
  (d) => (d.network = { ...(d.network ?? {}), interProvider: { latency: { kind: 'lognormal', medianMs: 20, sigma: pick([0.5, 3, 40, 1000]) } } }),
  (d) => (d.network = { ...(d.network ?? {}), access: { latency: { kind: 'uniform', minMs: pick([1, 10]), maxMs: pick([5, 20]) } } }),
  (d) => (d.providers[d.providers.length - 1].id = pick(['discovery', 'bridge', 'x-', 'p'.repeat(254), 'fresh'])),
  (d) => (d.network = { ...(d.network ?? {}), topology: { kind: 'chain', order: [pick(ids(d)), pick(ids(d)), pick(ids(d))] } }),
  (d) => (d.network = { ...(d.network ?? {}), topology: { kind: 'explicit', edges: [{ a: pick(ids(d)), b: pick(ids(d)) }, { a: pick(ids(d)), b: pick(ids(d)) }] } }),
  (d) => (d.network = { ...(d.network ?? {}), topology: { kind: 'hub-and-spoke', hub: someNode(d) } }),
  (d) => (d.attackers = [{ kind: 'metadata-observer', at: someNode(d) }]),
  (d) => (d.attackers = [{ kind: 'network-adversary', a: someNode(d), b: someNode(d), drop: 0.2 }]),
  (d) => (d.attackers = [{ kind: 'key-substituting-directory', at: d.providers[0].id, users: [`u${pick([0, 3, 99])}@${d.providers[0].id}`] }]),
  (d) => (d.network = { ...(d.network ?? {}), outages: [{ kind: 'link', a: someNode(d), b: someNode(d), fromSeconds: 1, toSeconds: 2 }] }),
  (d) => (d.architecture = pick(ARCHITECTURE_NAMES)),
  (d) => (d.workload.updatePeriodSeconds = pick([0, 0.05, 1, 3])),
  (d) => (d.network = { ...(d.network ?? {}), interProvider: { latency: { kind: 'constant', ms: 5 }, loss: pick([0, 0.3]) } }),
];

test('mutated presets: whatever validate accepts runs to the end; whatever it refuses, run refuses the same way', async () => {
  let ran = 0, refused = 0;
  const count = Number(process.env.PLAN_MUTANTS ?? 30); // more for a longer hunt
  for (let i = 0; i < count; i++) {
    const doc = shrink(structuredClone(presets[i % presets.length]!));
    const n = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < n; k++) pick(MUTATIONS)(doc);
    const label = `mutant ${i} (${doc.name}): ${JSON.stringify({ ...doc, description: undefined }).slice(0, 400)}`;
    let planned = false;
    try {
      const s = validateScenario(doc, `mutant${i}`);
      const p = await planScenario(s);
      planned = p.kind === 'planned';
      if (!planned) await assert.rejects(runScenario(s), ScenarioError, label);
      else {
        const r = await runScenario(s);
        assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected, label);
      }
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw new Error(`${label}\n${(e as Error).stack}`);
    }
    if (planned) ran++;
    else refused++;
  }
  console.log(`# ${ran} mutants ran, ${refused} were refused`);
  // Both sides of the property were exercised.
  assert.ok(ran >= 5, `only ${ran} mutants ran`);
  assert.ok(refused >= 5, `only ${refused} mutants were refused`);
});
