// Issue 13 §1.1-1.2: every decryption by a party that is not an intended endpoint is an `expose` trace
// record, counted by role in the summary, and misdelivered copies are said plainly in `run`'s output.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadScenario } from '../../scenarios/index.ts';
import { formatRun } from '../../sim/cli/format.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';
import type { TraceRecord } from '../../sim/trace/index.ts';
import { smallScenario } from '../runner/smallScenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-expose-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const exposeRecords = (out: string) =>
  readFileSync(join(out, 'trace.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"expose"'))
    .map((l) => JSON.parse(l) as Extract<TraceRecord, { type: 'expose' }>);

describe('expose records', () => {
  it('adversarial: the substituted key\'s decryptions are records by the attacker, as many as it reports', async () => {
    const out = join(dir, 'adv');
    const r = await runScenario(loadScenario('adversarial'), { outDir: out });
    const records = exposeRecords(out);
    const ks = r.attacks.find((a) => a.kind === 'key-substituting-directory')!;
    assert.ok(ks.exposed > 0, 'the preset exposes messages to the attacker');
    const byAttacker = records.filter((x) => x.by === ks.id);
    assert.equal(byAttacker.length, ks.exposed);
    assert.ok(byAttacker.every((x) => x.as === 'attacker'));
    assert.equal(r.security.decryptionsByRole?.attacker, records.filter((x) => x.as === 'attacker').length);
    assert.deepEqual([...new Set(records.map((x) => x.by))].sort(), [...r.security.exposedParties].sort(), 'the summary\'s exposed parties are exactly the records\' readers');
  });

  it('handle collisions: each misdelivered copy is a stranger record, and run says it is a confidentiality failure', async () => {
    const out = join(dir, 'hc');
    const r = await runScenario(loadScenario('handle-collisions'), { outDir: out });
    const strangers = exposeRecords(out).filter((x) => x.as === 'stranger');
    assert.ok(r.security.misdeliveredCopies > 0);
    assert.equal(strangers.length, r.security.misdeliveredCopies);
    assert.equal(r.security.decryptionsByRole?.stranger, r.security.misdeliveredCopies);
    const text = formatRun(r);
    assert.match(text, new RegExp(`misdelivered ${r.security.misdeliveredCopies} copies .* still a confidentiality failure`));
  });

  it('a run with no non-endpoint reader has no expose record and no misdelivery line', async () => {
    const out = join(dir, 'plain');
    const r = await runScenario(smallScenario(), { outDir: out });
    assert.equal(exposeRecords(out).length, 0);
    assert.equal(r.security.e2eePreservedPct, 100);
    assert.doesNotMatch(formatRun(r), /misdelivered/);
  });
});
