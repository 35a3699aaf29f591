// CPU time of one call (process.cpuUsage: every thread of the process), for benchmarks that compare
// two implementations side by side in one process.

/** Runs `f` and returns [CPU milliseconds it took, its result] (return something from the work so it is not optimized away). */
export function cpuMsOf(f: () => number): [number, number] {
  const t0 = process.cpuUsage();
  const sink = f();
  const d = process.cpuUsage(t0);
  return [(d.user + d.system) / 1000, sink];
}

/**
 * A count from the command line: `text` (undefined: `fallback`) as an integer of at least `min`, or a
 * one-line error naming the argument and exit 2 (a benchmark given no valid count would print NaN).
 */
export function countArg(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (Number.isInteger(n) && n >= min) return n;
  console.error(`error: ${name}: expected an integer of at least ${min}, got ${JSON.stringify(text)}`);
  process.exit(2);
}
