import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';

/**
 * The TypeScript loader for worker threads, resolved from this file rather than from the current
 * directory: `--import tsx` alone makes Node look for tsx under the cwd, so `compare` failed when run
 * from any folder but the project's, and from a global install.
 */
const TSX_LOADER = import.meta.resolve('tsx');

/** A pool running `compareWorker.ts` (one simulation per task), one thread per core unless told. */
export function runPool(jobs: number, workers?: number): Piscina {
  const threads = Math.max(1, Math.min(workers ?? availableParallelism(), jobs));
  return new Piscina({ filename: new URL('./compareWorker.ts', import.meta.url).href, execArgv: ['--import', TSX_LOADER], minThreads: threads, maxThreads: threads });
}
