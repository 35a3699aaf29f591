import { checkOutputDir, checkOutputFile, type OutputCheck } from '../trace/output/index.ts';
import { UserError } from './userError.ts';

const orFail = (c: OutputCheck): string => {
  if (c.kind === 'bad') throw new UserError(c.problem);
  return c.path;
};

/** Checks an output directory before anything runs (creating it if missing); a bad one is a one-line error. */
export const outputDir = (flag: string, dir: string, names: readonly string[]): string => orFail(checkOutputDir(flag, dir, names));

/** Checks an output file's folder and the file before anything runs. */
export const outputFile = (flag: string, file: string): string => orFail(checkOutputFile(flag, file));
