import express, { type NextFunction, type Request, type Response } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { D3_BUNDLE, PUBLIC_DIR } from './assets.ts';
import { flowWindow, histogram } from './flowWindow.ts';
import { groupList, groupSeries } from './groupSeries.ts';
import { messageDetail } from './messageDetail.ts';
import { BadRequest, NotFound, intParam, onlyParams, stringParam } from './query.ts';
import { isDirectory, loadRunDir, type RunData, type TraceView } from './runDir.ts';
import { hostGuard, isLoopback, securityHeaders } from './securityHeaders.ts';
import { providerMatrix, type ProviderMatrix } from './providerMatrix.ts';
import { isSweepDir, readSweepDir } from './sweepFile.ts';

export interface ServerOptions {
  /** Run or compare directories to serve; nothing else on disk is reachable. */
  readonly runDirs: readonly string[];
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Defaults to 127.0.0.1 (loopback only). */
  readonly host?: string;
  /** One-line notices (a non-loopback bind, an internal error). Defaults to stderr. */
  readonly log?: (line: string) => void;
}

export interface RunListing {
  readonly id: string;
  readonly name: string;
}

export interface VizServer {
  readonly url: string;
  readonly runs: readonly RunListing[];
  /** Settles when every directory is loaded and indexed (requests for a run wait for its own), with each one's problems. */
  readonly ready: Promise<readonly (RunListing & { readonly errors: readonly string[] })[]>;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8377;
export const MAX_FLOW_LIMIT = 10_000;
export const DEFAULT_FLOW_LIMIT = 2_000;
const MAX_URL_CHARS = 2048;

interface RunEntry {
  readonly id: string;
  readonly name: string;
  /** For a run under a compare directory's runs/: the compare entry's id. */
  readonly parent?: string;
  /** The directory served (a timeline output folder is read from it: timeline.json). */
  readonly dir: string;
  data?: RunData;
  readonly loaded: Promise<RunData>;
}

/** The runs `interop-sim compare --out` (or `sweep --keep-runs`) kept under the directory's runs/, in name order. */
function compareChildren(dir: string): string[] {
  const runs = join(dir, 'runs');
  if (!(existsSync(join(dir, 'compare.json')) || isSweepDir(dir)) || !isDirectory(runs)) return [];
  return readdirSync(runs, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (existsSync(join(runs, d.name, 'trace.jsonl')) || existsSync(join(runs, d.name, 'summary.json'))))
    .map((d) => d.name)
    .sort();
}

/**
 * Names for the directories: their base names, made unique. Ids are opaque (`r1`, `r2`...). A compare
 * directory is followed by the runs under its runs/ (`cmp/federated-mls-1`), so each bar links to its run.
 */
function entriesFor(dirs: readonly string[]): RunEntry[] {
  const seen = new Map<string, number>();
  let chain: Promise<unknown> = Promise.resolve();
  const out: RunEntry[] = [];
  const add = (dir: string, base: string, parent?: string) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const name = n === 1 ? base : `${base} (${n})`;
    // One directory at a time: indexing is CPU-bound, and memory peaks stay those of one trace.
    const loaded = chain.then(() => loadRunDir(dir, name)).catch((e: unknown): RunData => ({ name, errors: [`${name}: could not be loaded (${String((e as Error)?.message ?? e).replace(/\s+/g, ' ').slice(0, 200)})`] }));
    chain = loaded;
    const entry: RunEntry = { id: `r${out.length + 1}`, name, dir, loaded, ...(parent !== undefined && { parent }) };
    void loaded.then((d) => (entry.data = d));
    out.push(entry);
    return entry;
  };
  for (const dir of dirs) {
    const e = add(dir, basename(resolve(dir)) || 'run');
    for (const child of compareChildren(dir)) add(join(dir, 'runs', child), `${e.name}/${child}`, e.id);
  }
  return out;
}

/** When the first application message was sent (the flow opens there in a large run), or null. */
function firstSend(t: TraceView): number | null {
  let first = Infinity;
  for (const s of t.index.messages.sendT) if (s < first) first = s;
  return Number.isFinite(first) ? first : null;
}

function listing(e: RunEntry) {
  const d = e.data;
  const parent = e.parent !== undefined ? { parent: e.parent } : {};
  if (d === undefined) return { id: e.id, name: e.name, ...parent, state: 'indexing' as const, errors: [], hasTrace: false, hasCompare: false, hasSweep: false };
  const t = d.trace;
  return {
    id: e.id,
    name: e.name,
    ...parent,
    state: 'ready' as const,
    errors: d.errors,
    hasTrace: t !== undefined,
    hasCompare: d.compare !== undefined,
    hasSweep: d.sweep === true,
    ...(d.headline && { headline: d.headline }),
    ...(t && {
      trace: {
        lines: t.index.lines,
        counts: t.index.counts,
        unknownRecords: t.index.unknownRecords,
        arrows: t.index.arrows.count,
        messages: t.index.messages.count,
        tMin: t.index.tMin,
        tMax: t.index.tMax,
        lanes: t.lanes.lanes.length,
        aggregated: t.lanes.aggregated,
        groups: t.index.groups.size,
        firstSendT: firstSend(t),
        indexMs: t.indexMs,
      },
    }),
  };
}

/** Builds the express app over a fixed set of run entries. */
function app(entries: readonly RunEntry[], host: string, loopback: boolean, log: (line: string) => void): express.Express {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const a = express();
  a.disable('x-powered-by');
  a.set('etag', false);
  a.set('query parser', 'simple');
  a.use(securityHeaders);
  a.use(hostGuard(host, loopback));
  a.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, HEAD').status(405).json({ error: `method: only GET and HEAD are served, got ${req.method}` });
      return;
    }
    if (req.originalUrl.length > MAX_URL_CHARS) {
      res.status(414).json({ error: `url: longer than ${MAX_URL_CHARS} characters` });
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined) {
      res.status(413).json({ error: 'body: requests must not carry a body' });
      return;
    }
    next();
  });

  const entry = (req: Request): RunEntry => {
    const id = String(req.params.id);
    const e = byId.get(id);
    if (e === undefined) throw new NotFound(`id: no run ${JSON.stringify(id.slice(0, 40))}`);
    return e;
  };
  const traceOf = async (req: Request): Promise<TraceView> => {
    const e = entry(req);
    const d = await e.loaded;
    if (d.trace === undefined) throw new NotFound(`id: run ${e.id} has no readable trace${d.errors.length > 0 ? ` (${d.errors[0]})` : ''}`);
    return d.trace;
  };

  const api = express.Router();
  api.get('/runs', (req, res) => {
    onlyParams(req.query, []);
    res.json({ runs: entries.map(listing) });
  });
  api.get('/runs/:id', async (req, res) => {
    onlyParams(req.query, []);
    const e = entry(req);
    await e.loaded;
    res.json(listing(e));
  });
  api.get('/runs/:id/topology', async (req, res) => {
    onlyParams(req.query, []);
    res.json((await traceOf(req)).graph);
  });
  api.get('/runs/:id/flow', async (req, res) => {
    onlyParams(req.query, ['from', 'to', 'limit']);
    const t = await traceOf(req);
    const from = intParam('from', req.query.from, { min: 0, default: t.index.tMin })!;
    const to = intParam('to', req.query.to, { min: 0, default: Math.max(from, t.index.tMax) + 1 })!;
    const limit = intParam('limit', req.query.limit, { min: 1, max: MAX_FLOW_LIMIT, default: DEFAULT_FLOW_LIMIT })!;
    if (to <= from) throw new BadRequest(`to: expected an integer greater than from (${from}), got "${to}"`);
    res.json(flowWindow(t.index, t.lanes, from, to, limit));
  });
  api.get('/runs/:id/histogram', async (req, res) => {
    onlyParams(req.query, ['bins']);
    const t = await traceOf(req);
    res.json(histogram(t.index, intParam('bins', req.query.bins, { min: 1, max: 2000, default: 200 })!));
  });
  api.get('/runs/:id/arrows/:n', async (req, res) => {
    onlyParams(req.query, []);
    const t = await traceOf(req);
    const n = intParam('n', req.params.n, { min: 0, max: Math.max(0, t.index.arrows.count - 1) })!;
    if (t.index.arrows.count === 0) throw new NotFound('n: this run has no arrows');
    res.json(messageDetail(t.index, t.lanes, n));
  });
  const matrices = new WeakMap<TraceView, ProviderMatrix>();
  api.get('/runs/:id/matrix', async (req, res) => {
    onlyParams(req.query, []);
    const t = await traceOf(req);
    let m = matrices.get(t);
    if (m === undefined) matrices.set(t, (m = providerMatrix(t.index, t.entities)));
    // The per-pair measures of summary.json ride along: the matrix selector shades by them too.
    const perPair = (await entry(req).loaded).perPair;
    res.json(perPair === undefined ? m : { ...m, perPair });
  });
  api.get('/runs/:id/groups', async (req, res) => {
    onlyParams(req.query, []);
    res.json({ groups: groupList((await traceOf(req)).index) });
  });
  api.get('/runs/:id/group', async (req, res) => {
    onlyParams(req.query, ['name']);
    const t = await traceOf(req);
    const name = stringParam('name', req.query.name, 200);
    if (name === undefined) throw new BadRequest('name: required');
    const series = groupSeries(t.index, name);
    if (series === undefined) throw new NotFound(`name: no group ${JSON.stringify(name.slice(0, 60))} in this run`);
    res.json(series);
  });
  // Timelines (issue 18): a folder written by `interop-sim timeline --out` is served as its timeline.json.
  api.get('/timelines', (req, res) => {
    onlyParams(req.query, []);
    res.json({ timelines: entries.filter((e) => existsSync(join(e.dir, 'timeline.json'))).map((e) => ({ id: e.id, name: e.name })) });
  });
  api.get('/runs/:id/timeline', (req, res) => {
    onlyParams(req.query, []);
    const e = entry(req);
    const file = join(e.dir, 'timeline.json');
    if (!existsSync(file)) throw new NotFound(`id: ${e.id} is not a timeline folder (no timeline.json)`);
    res.type('application/json').sendFile(resolve(file), { dotfiles: 'deny' });
  });
  api.get('/runs/:id/compare', async (req, res) => {
    onlyParams(req.query, []);
    const e = entry(req);
    const d = await e.loaded;
    if (d.compare === undefined) throw new NotFound(`id: run ${e.id} has no readable compare.json`);
    res.json(d.compare);
  });
  // A sweep folder is read again on every request: a running sweep rewrites progress.json and results.json.
  // `runs` maps a kept cell (`p<point>-s<seed>` under its runs/) to the id that opens it.
  api.get('/runs/:id/sweep', async (req, res) => {
    onlyParams(req.query, []);
    const e = entry(req);
    const d = await e.loaded;
    if (d.sweep !== true) throw new NotFound(`id: run ${e.id} is not a sweep folder`);
    const runs = Object.fromEntries(entries.filter((c) => c.parent === e.id).map((c) => [c.name.slice(e.name.length + 1), c.id]));
    res.json({ ...readSweepDir(e.dir, e.name), runs });
  });
  api.use((req, res) => {
    res.status(404).json({ error: `path: no API endpoint ${JSON.stringify(req.path.slice(0, 80))}` });
  });
  a.use('/api', api);

  a.get('/vendor/d3.min.js', (_req, res) => {
    res.type('text/javascript').sendFile(D3_BUNDLE);
  });
  a.use(express.static(PUBLIC_DIR, { dotfiles: 'deny', index: ['index.html'], redirect: false }));
  a.use((_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });
  a.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof BadRequest) {
      res.status(err.status).json({ error: err.message });
      return;
    }
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: `request: ${(err as Error).message ?? 'refused'}`.slice(0, 200) });
      return;
    }
    log(`viz: internal error: ${(err as Error)?.stack ?? String(err)}`);
    res.status(500).json({ error: 'internal error (see the server log)' });
  });
  return a;
}

/** Starts the viewer over `runDirs`. Throws RangeError for a directory that does not exist. */
export async function startServer(options: ServerOptions): Promise<VizServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port: expected an integer from 0 to 65535, got ${port}`);
  for (const dir of options.runDirs) if (!isDirectory(dir)) throw new RangeError(`run-dir: not a directory: ${dir}`);
  const entries = entriesFor(options.runDirs);
  const loopback = isLoopback(host);
  if (!loopback) log(`viz: listening on ${host}, reachable beyond this machine: anyone who can reach it can read these runs`);
  const server: Server = createServer({ maxHeaderSize: 16 * 1024 }, app(entries, host, loopback, log));
  server.requestTimeout = 60_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      // A busy or forbidden port is the user's to change: a one-line error, not a stack trace.
      if (e.code === 'EADDRINUSE') fail(new RangeError(`port: ${port} on ${host} is already in use (pick another with --port, or 0 for any free port)`));
      else if (e.code === 'EACCES') fail(new RangeError(`port: not allowed to listen on ${host}:${port}`));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') fail(new RangeError(`host: ${host} is not an address of this machine`));
      else fail(e);
    });
    server.listen(port, host, () => ok());
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shownHost}:${addr.port}/`,
    runs: entries.map((e) => ({ id: e.id, name: e.name })),
    ready: Promise.all(entries.map(async (e) => ({ id: e.id, name: e.name, errors: (await e.loaded).errors }))),
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((e) => (e ? fail(e) : ok()));
      }),
  };
}

/** `interop-sim serve`: starts the viewer and prints where it is and what each directory holds. */
export async function serve(runDirs: readonly string[], options: { port?: number; host?: string } = {}): Promise<VizServer> {
  const server = await startServer({ runDirs, port: options.port ?? DEFAULT_PORT, host: options.host ?? '127.0.0.1' });
  process.stdout.write(`viewer: ${server.url}  (Ctrl-C to stop)\n`);
  if (runDirs.some((d) => existsSync(join(d, 'timeline.json')))) process.stdout.write(`timeline: ${server.url}timeline.html\n`);
  void server.ready.then((runs) => {
    for (const r of runs) process.stdout.write(`  ${r.id}  ${r.name}${r.errors.map((e) => `\n      error: ${e}`).join('')}\n`);
  });
  return server;
}
