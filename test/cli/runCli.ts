import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

const BIN = new URL('../../bin/interop-sim.mjs', import.meta.url).pathname;

/** Runs the `interop-sim` command as a user would, in a child process; exit code and both streams. */
export function cli(...args: string[]): { code: number | null; out: string; err: string } {
  return cliIn(undefined, ...args);
}

/** As `cli`, from the working directory `cwd` (commands must not depend on where they are run). */
export function cliIn(cwd: string | undefined, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 600_000, ...(cwd !== undefined && { cwd }) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Starts the command without waiting for it (for tests that interrupt a run). */
export function cliStart(cwd: string, ...args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore' });
}
