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

/** CPU of each thread of a live process, in ms: the main thread (its id is the pid) and all the others. */
export function threadCpuMs(pid: number): { main: number; others: number } | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let main = 0;
  let others = 0;
  for (const tid of tids) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * TICK_MS;
      if (Number(tid) === pid) main = ms;
      else others += ms;
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return { main, others };
}

/**
 * Follows the threads of our child processes whose command line contains `match` (the local sweep
 * workers) while they live: call `sample()` often (every 250 ms); `totals()` sums the last sample of
 * each process seen, split into main threads and the other threads (V8's GC and compiler helpers, the
 * libuv pool, the module loader). A process's last moments before it exits are missed.
 */
export function childThreadSampler(match: string): { sample: () => void; totals: () => { main: number; others: number; processes: number } } {
  const last = new Map<number, { main: number; others: number }>();
  const sample = () => {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      const pid = Number(d);
      if (stat(pid)?.ppid !== process.pid) continue;
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmd.includes(match)) continue;
      const t = threadCpuMs(pid);
      if (t !== undefined) last.set(pid, t);
    }
  };
  const totals = () => {
    let main = 0;
    let others = 0;
    for (const t of last.values()) {
      main += t.main;
      others += t.others;
    }
    return { main, others, processes: last.size };
  };
  return { sample, totals };
}
