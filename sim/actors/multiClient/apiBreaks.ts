import { at, seconds, type NodeId, type RandomStream, type RandomStreams, type SimTime } from '../../core/index.ts';
import type { MultiClientConfig, UpdateDelay } from './multiClientConfig.ts';

/** Why a service's client API stopped working for the multi-protocol client. */
export type BreakCause = 'api-change' | 'deliberate';

/** One breaking change at one service, and when the client vendor's update fixes it. */
export interface ApiBreak {
  readonly service: NodeId;
  readonly cause: BreakCause;
  readonly at: SimTime;
  readonly fixedAt: SimTime;
}

/** The vendor's delay from a break to its fix, drawn from the scenario's distribution (seconds). */
export function updateDelaySeconds(d: UpdateDelay, rng: RandomStream): number {
  switch (d.kind) {
    case 'constant':
      return d.seconds;
    case 'exponential':
      return rng.exponential(1 / d.meanSeconds);
    case 'lognormal':
      return d.medianSeconds * Math.exp(d.sigma * rng.normal());
    default: {
      const never: never = d;
      throw new Error(`unknown update delay ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Every break of the run, per listed service: the deliberate ones at their times (those before `end`) and unannounced API
 * changes as a Poisson process (`client-api/breaks/<service>`) before `end`, each given an update
 * delay in time order (`client-api/update/<service>`). Named streams: adding a service leaves the
 * others' breaks unchanged.
 */
export function drawBreaks(config: MultiClientConfig, streams: RandomStreams, end: SimTime): ApiBreak[] {
  const out: ApiBreak[] = [];
  for (const svc of config.services) {
    const service = svc.provider as NodeId;
    const times: { at: SimTime; cause: BreakCause }[] = svc.breaksAtSeconds.map((s) => ({ at: at(seconds(s)), cause: 'deliberate' as const })).filter((b) => b.at < end);
    if (svc.breaksPerDay > 0) {
      const rng = streams.stream(`client-api/breaks/${service}`);
      for (let t = seconds(rng.exponential(svc.breaksPerDay / 86_400)) as number; t < end; t += seconds(rng.exponential(svc.breaksPerDay / 86_400))) times.push({ at: t as SimTime, cause: 'api-change' });
    }
    times.sort((a, b) => a.at - b.at || (a.cause < b.cause ? -1 : 1));
    const update = streams.stream(`client-api/update/${service}`);
    for (const b of times) out.push({ service, cause: b.cause, at: b.at, fixedAt: (b.at + seconds(updateDelaySeconds(config.updateDelay, update))) as SimTime });
  }
  return out;
}

/** A span during which a service's API does not work for the client: overlapping breaks merged. */
export interface BrokenWindow {
  readonly service: NodeId;
  readonly from: SimTime;
  readonly to: SimTime;
  readonly breaks: number;
}

/** Merges each service's overlapping breaks: the client works again once every change is handled. */
export function brokenWindows(breaks: readonly ApiBreak[]): BrokenWindow[] {
  const out: BrokenWindow[] = [];
  const byService = new Map<NodeId, ApiBreak[]>();
  for (const b of breaks) byService.set(b.service, [...(byService.get(b.service) ?? []), b]);
  for (const [service, list] of byService) {
    const sorted = [...list].sort((a, b) => a.at - b.at);
    let cur: { from: SimTime; to: SimTime; breaks: number } | undefined;
    for (const b of sorted) {
      if (cur !== undefined && b.at <= cur.to) {
        cur = { from: cur.from, to: b.fixedAt > cur.to ? b.fixedAt : cur.to, breaks: cur.breaks + 1 };
        continue;
      }
      if (cur !== undefined) out.push({ service, ...cur });
      cur = { from: b.at, to: b.fixedAt, breaks: 1 };
    }
    if (cur !== undefined) out.push({ service, ...cur });
  }
  return out;
}

/** Seconds of [0, until) a set of windows covers (they do not overlap within a service). */
export function brokenSeconds(windows: readonly BrokenWindow[], until: SimTime): number {
  let us = 0;
  for (const w of windows) if (w.from < until) us += Math.min(w.to, until) - w.from;
  return us / 1_000_000;
}
