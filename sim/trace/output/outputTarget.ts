import { closeSync, openSync, rmSync, statSync, statfsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where a command may write, or why not: checked before anything runs, so a bad path costs nothing. */
export type OutputCheck = { readonly kind: 'ok'; readonly path: string } | { readonly kind: 'bad'; readonly problem: string };

/** Kernel file systems whose folders look writable but are not places for files (statfs f_type). */
const PSEUDO_FS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
]);

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

function kindOf(path: string): string | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'directory' : st.isFIFO() ? 'named pipe' : st.isSocket() ? 'socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'device' : 'special file';
  } catch {
    return undefined;
  }
}

/** A folder we can create files in: not a pseudo file system, and a probe file really is created. */
function writableDir(dir: string): string | undefined {
  try {
    const fs = PSEUDO_FS.get(statfsSync(dir).type);
    if (fs !== undefined) return `${dir} is on the ${fs} file system, not a place for files`;
  } catch {
    // statfs is unavailable on some platforms: the probe below still decides.
  }
  const probe = join(dir, `.interop-sim-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (e) {
    return `cannot create files in ${dir} (${errno(e)})`;
  }
  const ok = kindOf(probe) === 'file';
  rmSync(probe, { force: true });
  return ok ? undefined : `${dir} does not hold regular files`;
}

/**
 * An output directory (`--out DIR`): refused if it (or the nearest folder above it that exists, when
 * it is still to be created) is a file, on a pseudo file system such as /proc, or not writable, or if
 * one of the `names` the command will write there exists as something other than a regular file (a
 * folder, or a named pipe that would block forever). Nothing is created: the run creates it.
 */
export function checkOutputDir(flag: string, dir: string, names: readonly string[]): OutputCheck {
  if (dir.trim() === '') return { kind: 'bad', problem: `${flag}: expects a directory, got ""` };
  const path = resolve(dir);
  let existing = path;
  while (kindOf(existing) === undefined && dirname(existing) !== existing) existing = dirname(existing);
  const kind = kindOf(existing);
  if (kind !== 'directory') return { kind: 'bad', problem: `${flag}: ${existing === path ? dir : existing} is a ${kind ?? 'missing root'}, not a directory` };
  const problem = writableDir(existing);
  if (problem !== undefined) return { kind: 'bad', problem: `${flag}: ${problem}` };
  for (const n of existing === path ? names : []) {
    const k = kindOf(join(path, n));
    if (k !== undefined && k !== 'file') return { kind: 'bad', problem: `${flag}: ${join(dir, n)} exists and is a ${k}, not a regular file` };
  }
  return { kind: 'ok', path };
}

/** An output file (`-o FILE`): its folder must exist and take files; the file itself, if present, is a regular file. */
export function checkOutputFile(flag: string, file: string): OutputCheck {
  if (file.trim() === '') return { kind: 'bad', problem: `${flag}: expects a file name, got ""` };
  const path = resolve(file);
  const parent = dirname(path);
  const pk = kindOf(parent);
  if (pk === undefined) return { kind: 'bad', problem: `${flag}: no such directory: ${dirname(file)}` };
  if (pk !== 'directory') return { kind: 'bad', problem: `${flag}: ${dirname(file)} is a ${pk}, not a directory` };
  const k = kindOf(path);
  if (k !== undefined && k !== 'file') return { kind: 'bad', problem: `${flag}: ${file} is a ${k}, not a regular file` };
  const problem = writableDir(parent);
  return problem === undefined ? { kind: 'ok', path } : { kind: 'bad', problem: `${flag}: ${problem}` };
}

