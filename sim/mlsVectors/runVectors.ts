// Checking vector files case by case through the engine; the tallies are per file kind and ciphersuite.
import { vectorEnv, type CaseOutcome, type VectorEnv } from '../mls/vectors/index.ts';
import type { VectorFile } from './readVectorFile.ts';

export interface VectorRunOptions {
  /** Only the cases of this ciphersuite (cases that name none, such as tree-math, always run). */
  readonly suite?: number;
  /** The engine's crypto provider: 'native' (default) or 'stock'. */
  readonly crypto?: 'native' | 'stock';
}

/** One row of the report: a file's kind and one suite ('-' for suite-independent cases). */
export interface VectorTally {
  readonly file: string;
  readonly kind: string;
  readonly suite: number | '-';
  pass: number;
  fail: number;
  unsupported: number;
}

export interface VectorProblem {
  readonly file: string;
  readonly kind: string;
  readonly index: number;
  readonly suite: number | '-';
  readonly outcome: Exclude<CaseOutcome, { kind: 'pass' }>;
}

export interface VectorReport {
  readonly tallies: readonly VectorTally[];
  readonly failures: readonly VectorProblem[];
  readonly unsupported: readonly VectorProblem[];
  readonly totals: { readonly pass: number; readonly fail: number; readonly unsupported: number; readonly skipped: number };
}

export async function runVectorFiles(files: readonly VectorFile[], options: VectorRunOptions = {}): Promise<VectorReport> {
  const env = vectorEnv(options.crypto ?? 'native');
  const tallies = new Map<string, VectorTally>();
  const failures: VectorProblem[] = [];
  const unsupported: VectorProblem[] = [];
  let skipped = 0;
  for (const f of files) {
    for (const [index, c] of f.cases.entries()) {
      const suite = typeof c.cipher_suite === 'number' ? c.cipher_suite : '-';
      if (options.suite !== undefined && suite !== '-' && suite !== options.suite) {
        skipped++;
        continue;
      }
      const key = `${f.path}\u0000${suite}`;
      let t = tallies.get(key);
      if (t === undefined) tallies.set(key, (t = { file: f.name, kind: f.kind.name, suite, pass: 0, fail: 0, unsupported: 0 }));
      const outcome = await checkCase(f, c, env);
      t[outcome.kind]++;
      if (outcome.kind === 'fail') failures.push({ file: f.name, kind: f.kind.name, index, suite, outcome });
      if (outcome.kind === 'unsupported') unsupported.push({ file: f.name, kind: f.kind.name, index, suite, outcome });
    }
  }
  const rows = [...tallies.values()].sort((a, b) => (a.file === b.file ? order(a.suite) - order(b.suite) : 0));
  const sum = (k: 'pass' | 'fail' | 'unsupported') => rows.reduce((n, r) => n + r[k], 0);
  return { tallies: rows, failures, unsupported, totals: { pass: sum('pass'), fail: sum('fail'), unsupported: sum('unsupported'), skipped } };
}

const order = (s: number | '-') => (s === '-' ? 0 : s);

// A check that throws (a decoder on bytes the shape check could not judge) fails that case only.
async function checkCase(f: VectorFile, c: VectorFile['cases'][number], env: VectorEnv): Promise<CaseOutcome> {
  try {
    return await f.kind.check(c, env);
  } catch (e) {
    return { kind: 'fail', detail: `threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}
