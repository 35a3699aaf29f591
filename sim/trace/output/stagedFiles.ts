import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** Temporary names: `.<final name>.partial-<pid>-<n>`. */
const PARTIAL = /^\..+\.partial-(\d+)-\d+$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files of writers that died (killed, crashed) in `dir`; live writers' files stay. */
function sweepStale(dir: string): void {
  for (const name of readdirSync(dir)) {
    const m = PARTIAL.exec(name);
    if (m !== null && !alive(Number(m[1]))) rmSync(join(dir, name), { force: true });
  }
}

/**
 * The files of one output directory, written under temporary names and renamed into place only when
 * all are complete. A run that crashes or is killed leaves the directory's earlier files untouched
 * (at worst a `.name.partial-*` file beside them, swept by the next writer there), never a truncated
 * file under a final name or a summary describing another trace. Renames within one directory are atomic on POSIX file systems.
 */
export class StagedFiles {
  private readonly staged = new Map<string, string>();
  private readonly tag = `${process.pid}-${++counter}`;

  /** True if this writer made the folder (an aborted run then removes it again, if still empty). */
  private readonly created: boolean;

  constructor(readonly dir: string) {
    this.created = !existsSync(dir);
    mkdirSync(dir, { recursive: true });
    sweepStale(dir);
  }

  /** The temporary path to write `name` to (for streaming writers). */
  path(name: string): string {
    let p = this.staged.get(name);
    if (p === undefined) this.staged.set(name, (p = join(this.dir, `.${name}.partial-${this.tag}`)));
    return p;
  }

  /** Writes `name` in full under its temporary name. */
  write(name: string, data: string): void {
    writeFileSync(this.path(name), data);
  }

  /**
   * Moves every staged file to its final name. `last` (the file that vouches for the others, such
   * as a summary with the trace digest) is removed first and renamed last, so no moment shows it
   * beside files it does not describe.
   */
  commit(last?: string): void {
    if (last !== undefined) rmSync(join(this.dir, last), { force: true });
    const order = [...this.staged.keys()].sort((a, b) => Number(a === last) - Number(b === last));
    for (const name of order) renameSync(this.staged.get(name)!, join(this.dir, name));
    this.staged.clear();
  }

  /** Removes the temporary files (a run that failed): the final names keep what they held. */
  abort(): void {
    for (const p of this.staged.values()) rmSync(p, { force: true });
    this.staged.clear();
    if (this.created && readdirSync(this.dir).length === 0) rmdirSync(this.dir);
  }
}

/** Writes one file under a temporary name in its folder and renames it into place. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.partial-${process.pid}-${++counter}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
