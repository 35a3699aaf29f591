// The wall time of a synchronous stretch of MLS work done between other work (the tail of a
// decryption started ahead, unprotect.ts), which no span of the crypto clock times.
import { performance } from 'node:perf_hooks';

/** Runs `f` (synchronous) and reports its whole wall time to `spent`, codec included. */
export function timedWhole<T>(spent: (ms: number) => void, f: () => T): T {
  const start = performance.now(); // wall-clock ok: measurement only
  try {
    return f();
  } finally {
    spent(performance.now() - start); // wall-clock ok
  }
}
