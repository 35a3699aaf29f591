// Every MLS message crosses the simulated network through the DS, and the network's parameters
// show in the report.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PayloadKind, TraceRecord } from '../../sim/trace/index.ts';
import { runMlsScripts, type MlsScriptOptions, type ScriptReport } from '../../sim/mlsScript/index.ts';
import { engine, file, scriptText, why } from './helpers.ts';

type Hop = Extract<TraceRecord, { type: 'hop-enqueue' }>;

async function traced(text: string, script: string, link?: MlsScriptOptions['link']) {
  const hops: Hop[] = [];
  const [report] = await runMlsScripts(text, 'x.json', {
    engine,
    script,
    ...(link !== undefined && { link }),
    onTrace: (r) => {
      if (r.type === 'hop-enqueue') hops.push(r);
    },
  });
  return { report: report!, hops };
}

const count = (hops: readonly Hop[], kind: PayloadKind, node?: string) => hops.filter((h) => h.kind === kind && (node === undefined || h.node === node)).length;

test('every kind of MLS message goes actor -> DS -> actor as wire bytes', async () => {
  const { report, hops } = await traced(scriptText('split_commit.json'), 'commit_then_join');
  assert.equal(report.status, 'pass', why(report));
  for (const kind of ['key-package', 'commit', 'welcome', 'group-info', 'application'] as const) {
    assert.ok(count(hops, kind, 'ds') > 0, `${kind} never reached the DS`);
  }
  // The Welcome is uploaded once and fetched once by bob; the ciphertext likewise by alice.
  assert.equal(count(hops, 'welcome', 'ds'), 1);
  assert.equal(count(hops, 'welcome', 'client:bob'), 1);
  assert.equal(count(hops, 'application', 'client:alice'), 1);
  assert.equal(report.wireBytes, hops.reduce((s, h) => s + h.bytes, 0));
  assert.equal(report.envelopes, hops.length);
});

test('proposals fan out to every other member; a fullCommit reaches exactly members and joiners', async () => {
  const { report, hops } = await traced(scriptText('commit.json'), 'add_by_reference_and_value');
  assert.equal(report.status, 'pass', why(report));
  const proposalsTo = (node: string) => count(hops, 'proposal', node);
  // carol2's proposal (action 10) goes to alice, bob, carol1, carol3; alice's and bob's earlier ones to each other.
  assert.equal(proposalsTo('client:alice'), 2);
  assert.equal(proposalsTo('client:bob'), 2);
  assert.equal(proposalsTo('client:carol1'), 1);
  assert.equal(proposalsTo('client:dave1'), 0);
  assert.equal(count(hops, 'welcome', 'client:dave1'), 1);
  assert.equal(count(hops, 'commit', 'client:dave1'), 0);
});

test('virtual time follows the link latency; a lossy link fails with the loss named', async () => {
  const text = scriptText('application.json');
  const fast = await traced(text, 'in_order', { latency: { kind: 'constant', ms: 5 } });
  const slow = await traced(text, 'in_order', { latency: { kind: 'constant', ms: 50 } });
  assert.equal(fast.report.status, 'pass', why(fast.report));
  assert.equal(slow.report.status, 'pass', why(slow.report));
  // Same number of sequential hops, ten times the latency each.
  assert.equal(slow.report.wireBytes, fast.report.wireBytes);
  assert.ok(slow.report.virtualTime > 9 * fast.report.virtualTime, `${slow.report.virtualTime} vs ${fast.report.virtualTime}`);

  const lossy = await runMlsScripts(file({ s: [{ action: 'createGroup', actor: 'alice', members: ['bob'] }] }), 'x.json', {
    engine,
    link: { latency: { kind: 'constant', ms: 5 }, loss: 1 },
  });
  const r: ScriptReport = lossy[0]!;
  assert.equal(r.status, 'fail');
  if (r.status === 'fail') assert.equal(r.reason, 'the key-package from bob to the DS was lost on the way (loss)');
});
