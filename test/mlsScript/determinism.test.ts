// Same seed, same bytes: the trace digest covers every payload's hash, every MLS operation and every
// verification, so equal digests mean byte-identical runs.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { runMlsScripts, type MlsScriptOptions } from '../../sim/mlsScript/index.ts';
import { engine, scriptText } from './helpers.ts';

const text = scriptText('commit.json');

async function run(options: MlsScriptOptions) {
  const payloads = createHash('sha256');
  const reports = await runMlsScripts(text, 'commit.json', {
    engine,
    ...options,
    tamper: (m) => {
      payloads.update(`${m.script}/${m.step}/${m.item}/${m.to}:`).update(m.payload);
      return undefined;
    },
  });
  return { reports, payloads: payloads.digest('hex') };
}

const summary = (r: Awaited<ReturnType<typeof run>>) => r.reports.map(({ name, traceDigest, wireBytes, virtualTime }) => ({ name, traceDigest, wireBytes, virtualTime }));

test('the same seed gives the same bytes, digests and times; another seed gives other bytes', async () => {
  const a = await run({ seed: 'one' });
  const b = await run({ seed: 'one' });
  const c = await run({ seed: 'two' });
  assert.deepEqual(summary(a), summary(b));
  assert.equal(a.payloads, b.payloads);
  assert.notEqual(a.payloads, c.payloads);
  for (const [i, r] of a.reports.entries()) assert.notEqual(r.traceDigest, c.reports[i]!.traceDigest, r.name);
});

test('a script runs the same alone as among the others in its file', async () => {
  const all = await run({ seed: 'one' });
  const alone = await run({ seed: 'one', script: 'everything_at_once' });
  assert.deepEqual(summary(alone), summary(all).filter((r) => r.name === 'everything_at_once'));
});
