import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PRESET_DIR, ScenarioError, loadScenario, parseScenarioText, scenarioJsonSchema } from '../../scenarios/index.ts';

const problems = (text: string, source = 'x.yaml'): string[] => {
  try {
    parseScenarioText(text, source);
  } catch (e) {
    assert.ok(e instanceof ScenarioError);
    return [...e.problems];
  }
  assert.fail('expected a ScenarioError');
};

test('the default scenario loads with no arguments', () => {
  const s = loadScenario();
  assert.equal(s.name, 'default');
  assert.ok(s.providers.length >= 3);
});

test('every preset validates', () => {
  for (const f of readdirSync(PRESET_DIR)) loadScenario(join(PRESET_DIR, f));
});

test('a wrong type names the field path, the expectation and what was found', () => {
  const p = problems(`
name: t
providers:
  - { id: a, users: 2 }
  - { id: b, users: 2 }
  - { id: c, users: fast }
network:
  access: { latency: { kind: normal, meanMs: "fast", stdDevMs: 1 } }
`);
  assert.deepEqual(p, ['providers[2].users: expected a positive integer, got "fast"', 'network.access.latency.meanMs: expected a number >= 0, got "fast"']);
});

test('unknown fields, bad enum values, bad discriminators and missing fields each get one line', () => {
  const p = problems(`
name: t
colour: red
providers: [{ id: a, users: 1, sevice: 3 }]
nodes: [{ id: g, kind: spaceship }]
network: { topology: { kind: ring } }
workload: { messageBytes: { min: 10 } }
`);
  assert.deepEqual(p.sort(), [
    '(top level): unknown field "colour"',
    'network.topology.kind: expected one of "full-mesh" | "hub-and-spoke" | "chain" | "explicit", got "ring"',
    'nodes[0].kind: expected one of "gateway" | "bridge" | "hub" | "discovery" | "router", got "spaceship"',
    'providers[0]: unknown field "sevice"',
    'workload.messageBytes.max: required field is missing',
  ].sort());
});

test('cross-field problems: duplicate ids, dangling references, reversed ranges, too-big groups', () => {
  const p = problems(`
name: t
providers: [{ id: a, users: 2 }, { id: a, users: 1 }]
network:
  topology: { kind: hub-and-spoke, hub: nowhere }
  outages: [{ kind: link, a: a, b: ghost, fromSeconds: 5, toSeconds: 2 }]
workload:
  messageBytes: { min: 100, max: 10 }
  groups: { count: 1, size: { kind: fixed, n: 50 } }
`);
  assert.deepEqual(p, [
    'providers[1].id: "a" is already used by providers[0]',
    'network.topology.hub: "nowhere" names no provider or node',
    'network.outages[0].toSeconds: must be after fromSeconds (5), got 2',
    'network.outages[0].b: "ghost" names no provider or node',
    'workload.messageBytes.max: must be >= min (100), got 10',
    'workload.groups.size: groups of up to 50 members need that many users, the scenario has 3',
  ]);
});

test('syntax errors in YAML and JSON are one line each', () => {
  assert.match(problems('name: [unclosed', 'x.yaml')[0]!, /^\(file\): not valid YAML: /);
  assert.match(problems('{"name": ', 'x.json')[0]!, /^\(file\): not valid JSON: /);
  assert.deepEqual(problems('- a\n- b'), ['(top level): expected a mapping of scenario fields']);
});

test('a missing file or preset is a scenario error, not a crash', () => {
  assert.throws(() => loadScenario('no/such/file.yaml'), ScenarioError);
});

test('the published JSON Schema is current', () => {
  const onDisk = JSON.parse(readFileSync(new URL('../../scenarios/scenario.schema.json', import.meta.url), 'utf8'));
  assert.deepEqual(onDisk, JSON.parse(JSON.stringify(scenarioJsonSchema())), 'run: node --import tsx scripts/write-schema.ts');
});
