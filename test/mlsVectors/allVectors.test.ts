// Every case of every RFC 9420 test-vector file in ../shared/mls-test-vectors (beside the clone, as in
// CI; the test suite runs from the repository root), when that folder is there. About 15 s on the native
// provider, so it runs in the default suite.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { readVectorFile, runVectorFiles } from '../../sim/mlsVectors/index.ts';

const DIR = resolve('../shared/mls-test-vectors');

test('all RFC 9420 test vectors: every case of every file passes, none unsupported', { skip: existsSync(DIR) ? false : `${DIR} is absent` }, async () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  assert.equal(files.length, 15);
  const report = await runVectorFiles(files.map((f) => readVectorFile(join(DIR, f))));
  assert.deepEqual(report.failures, []);
  assert.deepEqual(report.unsupported, []);
  assert.equal(report.totals.pass, 784);
});
