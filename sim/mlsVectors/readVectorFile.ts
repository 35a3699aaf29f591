// Reading one RFC 9420 test-vector file: a JSON array of cases, all of one kind (recognised from the
// first case's fields), every case checked against that kind's shape before anything runs.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { kindOfCase, kindOfFile, shapeError, type VectorKind } from '../mls/vectors/index.ts';
import { VectorFileError } from './vectorFileError.ts';

export interface VectorFile {
  readonly path: string;
  readonly name: string;
  readonly kind: VectorKind;
  readonly cases: readonly Readonly<Record<string, unknown>>[];
}

export function readVectorFile(path: string): VectorFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new VectorFileError(`${path}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? String(e))})`);
  }
  let cases: unknown;
  try {
    cases = JSON.parse(text);
  } catch (e) {
    throw new VectorFileError(`${path}: not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (!Array.isArray(cases)) throw new VectorFileError(`${path}: expected a JSON array of test cases`);
  if (cases.length === 0) throw new VectorFileError(`${path}: the array holds no test cases`);
  const kind = kindOfFile(cases);
  if (kind === undefined) throw new VectorFileError(`${path}: case 0: its fields match no known vector kind (${fieldsOf(cases[0])})`);
  for (const [i, c] of cases.entries()) {
    const problem = shapeError(c, kind.shape, '');
    if (problem === undefined) continue;
    const other = kindOfCase(c);
    const hint = other !== undefined && other.name !== kind.name ? ` (a ${other.name} case in a ${kind.name} file)` : '';
    throw new VectorFileError(`${path}: case ${i}: ${problem}${hint}`);
  }
  return { path, name: basename(path), kind, cases: cases as Record<string, unknown>[] };
}

function fieldsOf(c: unknown): string {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return `not an object`;
  const keys = Object.keys(c);
  return keys.length === 0 ? 'no fields' : `fields: ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', ...' : ''}`;
}
