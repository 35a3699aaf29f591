// CPU time of processes this benchmark cannot wrap in process.cpuUsage(): worker processes (counted in
// our own cutime/cstime once they exit and are reaped) and the PostgreSQL server (its postmaster, its
// live backends, and the backends it has reaped). Linux /proc, clock ticks of 10 ms: fine for totals
// over many cells, too coarse for one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** utime, stime, cutime, cstime of a process, in ms; undefined when it is gone. */
function stat(pid: number | 'self'): { ppid: number; own: number; children: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
    return { ppid: Number(f[1]), own: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS };
  } catch {
    return undefined;
  }
}

/** CPU of our children that have exited (the local worker processes, once a sweep is done). */
export const reapedChildrenCpuMs = (): number => stat('self')?.children ?? 0;

/** CPU of a PostgreSQL server so far: the postmaster, its live children and those it reaped. */
export function serverCpuMs(dataDir: string): number {
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const main = stat(pid);
  if (main === undefined) return 0;
  let total = main.own + main.children;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s?.ppid === pid) total += s.own;
  }
  return total;
}

/** The machine's CPU so far: busy and idle ms summed over all cores (/proc/stat). */
export function machineCpuMs(): { busy: number; idle: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (line[3] ?? 0) + (line[4] ?? 0);
  const all = line.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (all - idle) * TICK_MS, idle: idle * TICK_MS };
}

/**
 * CPU of this process's main thread alone (Linux: its task's utime + stime), in ms; undefined elsewhere.
 * Beside process.cpuUsage() (every thread: the main one, libuv's pool, GC helpers) it shows what the
 * event loop itself spent, which bounds the wall time on a machine with a core to spare.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    const text = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}
