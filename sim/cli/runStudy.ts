import { StagedFiles } from '../trace/output/index.ts';
import { progressBar } from './progressBar.ts';

/**
 * A study of many runs as the CLI presents it: a progress bar (none under `--json`), then the files
 * written under `--out` (staged, the last one committing the folder), then the result printed as JSON
 * or as text.
 */
export async function runStudy<T>(
  label: string,
  opts: { readonly out?: string; readonly json?: boolean },
  work: (onRunDone: (done: number, total: number) => void) => Promise<T>,
  files: (result: T) => readonly (readonly [name: string, text: string])[],
  text: (result: T) => string,
): Promise<void> {
  const bar = opts.json === true ? undefined : progressBar(label);
  try {
    const result = await work((done, total) => bar?.update(done / total));
    bar?.stop();
    if (opts.out !== undefined) {
      const staged = new StagedFiles(opts.out);
      const named = files(result);
      for (const [name, body] of named) staged.write(name, body);
      staged.commit(named[named.length - 1]![0]);
    }
    console.log(opts.json === true ? JSON.stringify(result, null, 2) : text(result));
  } finally {
    bar?.stop();
  }
}
