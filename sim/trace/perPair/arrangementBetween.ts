import type { PairLabel, Protocol, RunInfo } from './arrangement.ts';

const protocolOf = (run: RunInfo, provider: string): Protocol => run.protocols?.[provider] ?? run.defaultProtocol;

/**
 * The arrangement and protocols between providers `a` and `b`: `intra` for a provider's own users
 * (they never cross an interconnection), else the table's entry for the pair, else the default.
 * Pure: the same run info and pair always give the same label.
 */
export function arrangementBetween(run: RunInfo, a: string, b: string): PairLabel {
  const protocols = [protocolOf(run, a), protocolOf(run, b)] as const;
  if (a === b) return { arrangement: 'intra', protocols };
  const listed = run.pairs?.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  return { arrangement: listed?.arrangement ?? run.defaultArrangement, protocols };
}

/** True when every pair of distinct providers has the same arrangement and every provider the same protocol. */
export function isUniform(run: RunInfo): boolean {
  const arrangements = new Set((run.pairs ?? []).map((p) => p.arrangement));
  const protocols = new Set(Object.values(run.protocols ?? {}));
  return [...arrangements].every((x) => x === run.defaultArrangement) && [...protocols].every((p) => p === run.defaultProtocol);
}
