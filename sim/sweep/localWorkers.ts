import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/interop-sim.mjs', import.meta.url));

/**
 * The local worker pool: N `interop-sim worker` processes on this machine, each one cell at a time.
 * They hold an IPC channel to us and exit when it closes, so a killed coordinator leaves none behind.
 * A worker that dies (killed, out of memory) is replaced, up to a limit; its cell is run again once
 * its job expires.
 */
export class LocalWorkers {
  private readonly children = new Set<ChildProcess>();
  private respawns = 0;
  private stopping = false;
  readonly errors: string[] = [];

  /**
   * `args`: the `worker` flags after `--database` (the coordinator's: `--sweep ID --exit-when-done
   * --quiet`). `showOutput`: pass the workers' per-cell lines through (the `worker --workers N` command).
   */
  constructor(
    private readonly url: string,
    private readonly args: readonly string[],
    private readonly maxRespawns: number,
    private readonly showOutput = false,
  ) {}

  start(n: number): void {
    for (let i = 0; i < n; i++) this.spawnOne();
  }

  private spawnOne(): void {
    const child = spawn(process.execPath, [BIN, 'worker', '--database', this.url, ...this.args], { stdio: ['ignore', this.showOutput ? 'inherit' : 'ignore', 'pipe', 'ipc'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    this.children.add(child);
    child.on('exit', (code, signal) => {
      this.children.delete(child);
      if (this.stopping || code === 0) return;
      // 2: the worker refused (another code version) or could not reach the database: no use retrying.
      if (code === 2) this.respawns = this.maxRespawns;
      this.errors.push(`worker ${child.pid} ${signal !== null ? `killed by ${signal}` : `exited with ${code}`}${err.trim() ? `: ${err.trim().split('\n').slice(-3).join(' | ')}` : ''}`);
      if (this.respawns++ < this.maxRespawns) this.spawnOne();
    });
  }

  get pids(): number[] {
    return [...this.children].map((c) => c.pid!).filter((p) => p !== undefined);
  }

  get running(): number {
    return this.children.size;
  }

  /** Resolves once no worker is left and none will be started again. */
  async finished(): Promise<void> {
    // A dead worker's replacement is spawned in its exit handler, so an empty set means none will come.
    while (this.children.size > 0) await new Promise((r) => setTimeout(r, 200));
  }

  /** None left and none will be started again. */
  get gone(): boolean {
    return this.children.size === 0 && this.respawns >= this.maxRespawns;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.children].map(
        (c) =>
          new Promise<void>((r) => {
            if (c.exitCode !== null || c.signalCode !== null) return r();
            c.once('exit', () => r());
            c.kill('SIGTERM');
          }),
      ),
    );
  }
}
