import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CompareResult } from '../sim/compare/compareResult.ts';
import { checkCompare } from './compareFile.ts';
import { isSweepDir } from './sweepFile.ts';
import { entitiesOf, type Entity } from './entities.ts';
import { indexTrace } from './indexTrace.ts';
import { buildLanes, type Lanes } from './lanes.ts';
import { buildGraph, type TopologyGraph } from './topologyGraph.ts';
import { checkTopology, linkKey, meanLatencyMs, type TopologyFile } from './topologyFile.ts';
import type { TraceIndex } from './traceIndex.ts';
import { perPairOf, type PerPairView } from './perPairFile.ts';

/** The trace part of a run directory, indexed. */
export interface TraceView {
  readonly index: TraceIndex;
  readonly entities: ReadonlyMap<string, Entity>;
  readonly lanes: Lanes;
  readonly graph: TopologyGraph;
  readonly indexMs: number;
}

/** The headline numbers of summary.json (the RunResult of sim/runner/runScenario.ts). */
export interface RunHeadline {
  readonly scenario?: string;
  readonly seed?: string;
  readonly digest?: string;
  readonly virtualSeconds?: number;
  readonly messages?: number;
  readonly delivered?: number;
  readonly dropped?: number;
  readonly rejected?: number;
  readonly deliveryRatio?: number;
  readonly latencyMs?: Readonly<Record<string, number>>;
  readonly e2eePreservedPct?: number;
  /** Parties that are not intended endpoints and decrypted messages (attackers, the bridge, ...). */
  readonly exposedParties?: readonly string[];
  readonly misdeliveredCopies?: number;
}

/** What a directory holds: any part may be missing; a broken part is an error line, the rest still shows. */
export interface RunData {
  readonly name: string;
  readonly trace?: TraceView;
  readonly headline?: RunHeadline;
  readonly compare?: CompareResult;
  /** A sweep's output folder (progress.json, results.json): read again on each request, as it may be running. */
  readonly sweep?: boolean;
  /** summary.json's per-provider-pair measures (the matrix's per-pair metrics). */
  readonly perPair?: PerPairView;
  readonly errors: readonly string[];
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, 300);

function readJson(file: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SyntaxError(`${label}: invalid JSON (${oneLine((e as Error).message)})`);
  }
}

function headlineOf(value: unknown): RunHeadline {
  const v = (value ?? {}) as Record<string, unknown>;
  const s = (v.summary ?? {}) as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x.slice(0, 200) : undefined);
  const num = (x: unknown) => (typeof x === 'number' ? x : undefined);
  const lat = (s.latencyMs ?? {}) as Record<string, unknown>;
  const sec = (v.security ?? {}) as Record<string, unknown>;
  const parties = Array.isArray(sec.exposedParties) ? sec.exposedParties.filter((p): p is string => typeof p === 'string').slice(0, 50).map((p) => p.slice(0, 200)) : undefined;
  const latencyMs = Object.fromEntries(['p50', 'p95', 'p99', 'mean'].filter((k) => typeof lat[k] === 'number').map((k) => [k, lat[k] as number]));
  const h: Record<string, unknown> = {
    scenario: str(v.scenario), seed: str(v.seed), digest: str(v.digest), virtualSeconds: num(v.virtualSeconds),
    messages: num(s.messages), delivered: num(s.delivered), dropped: num(s.dropped), rejected: num(s.rejected), deliveryRatio: num(s.deliveryRatio),
    ...(Object.keys(latencyMs).length > 0 && { latencyMs }),
    e2eePreservedPct: num(sec.e2eePreservedPct), exposedParties: parties, misdeliveredCopies: num(sec.misdeliveredCopies),
  };
  return Object.fromEntries(Object.entries(h).filter(([, x]) => x !== undefined)) as RunHeadline;
}

export const isDirectory = (dir: string) => existsSync(dir) && statSync(dir).isDirectory();

/**
 * Loads a run or compare directory: topology.json and summary.json (optional), trace.jsonl indexed
 * line by line, compare.json checked. Never throws for bad content: each broken file becomes one
 * error line naming the file (and for the trace the line number).
 */
export async function loadRunDir(dir: string, name = basename(dir)): Promise<RunData> {
  const errors: string[] = [];
  const label = (file: string) => `${name}/${file}`;
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      errors.push(oneLine((e as Error).message));
      return undefined;
    }
  };
  const has = (file: string) => existsSync(join(dir, file));
  let topology: TopologyFile | undefined;
  if (has('topology.json')) topology = attempt(() => checkTopology(readJson(join(dir, 'topology.json'), label('topology.json')), label('topology.json')));
  const summary = has('summary.json') ? attempt(() => readJson(join(dir, 'summary.json'), label('summary.json'))) : undefined;
  const headline = summary !== undefined ? attempt(() => headlineOf(summary)) : undefined;
  const perPair = summary !== undefined ? attempt(() => perPairOf(summary, label('summary.json'))) : undefined;
  const compare = has('compare.json') ? attempt(() => checkCompare(readJson(join(dir, 'compare.json'), label('compare.json')), label('compare.json'))) : undefined;
  let trace: TraceView | undefined;
  if (has('trace.jsonl')) {
    const latency = new Map<string, number>();
    for (const l of topology?.links ?? []) {
      const ms = meanLatencyMs(l);
      if (ms !== undefined) latency.set(linkKey(l.a, l.b), ms * 1000);
    }
    const start = performance.now();
    try {
      const index = await indexTrace(join(dir, 'trace.jsonl'), { label: label('trace.jsonl'), linkLatencyUs: (a, b) => latency.get(linkKey(a, b)) });
      const entities = entitiesOf(topology, index.nodes.values);
      const lanes = buildLanes(entities, index.nodes);
      trace = { index, entities, lanes, graph: buildGraph(entities, topology, index), indexMs: Math.round(performance.now() - start) };
    } catch (e) {
      errors.push(oneLine((e as Error).message));
    }
  }
  const sweep = isSweepDir(dir);
  if (!has('trace.jsonl') && !has('compare.json') && !sweep) errors.push(`${name}: no trace.jsonl, compare.json or sweep results in this directory`);
  return { name, ...(trace && { trace }), ...(headline && { headline }), ...(compare && { compare }), ...(sweep && { sweep }), ...(perPair && { perPair }), errors };
}
