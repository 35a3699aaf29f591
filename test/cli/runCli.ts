import { spawnSync } from 'node:child_process';

const BIN = new URL('../../bin/interop-sim.mjs', import.meta.url).pathname;

/** Runs the `interop-sim` command as a user would, in a child process; exit code and both streams. */
export function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 600_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
