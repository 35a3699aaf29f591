import type { TraceIndex } from './traceIndex.ts';

export interface GroupSummary {
  readonly name: string;
  readonly epochs: number;
  readonly lastEpoch: number;
  readonly maxMembers: number;
  readonly commits: number;
  readonly failures: number;
  readonly mismatches: number;
}

export interface GroupSeries {
  readonly name: string;
  /** Epochs in order; `members` is how many members checked the epoch authenticator. */
  readonly epochs: readonly { epoch: number; t: number; members: number; mismatches: number }[];
  readonly commits: readonly { t: number; op: string; by: string; epoch: number; bytes: number }[];
  readonly failures: readonly { t: number; op: string; by: string; epoch: number; outcome: string }[];
}

const naturalOrder = new Intl.Collator('en', { numeric: true }).compare;

export function groupList(index: TraceIndex): GroupSummary[] {
  return [...index.groups]
    .map(([name, g]) => {
      const epochs = [...g.epochs.entries()];
      return {
        name,
        epochs: epochs.length,
        lastEpoch: epochs.reduce((m, [e]) => Math.max(m, e), -1),
        maxMembers: epochs.reduce((m, [, e]) => Math.max(m, e.members.size), 0),
        commits: g.commits.length,
        failures: g.failures.length,
        mismatches: epochs.reduce((m, [, e]) => m + e.mismatches, 0),
      };
    })
    .sort((a, b) => naturalOrder(a.name, b.name));
}

export function groupSeries(index: TraceIndex, name: string): GroupSeries | undefined {
  const g = index.groups.get(name);
  if (g === undefined) return undefined;
  const node = (i: number) => index.nodes.at(i);
  return {
    name,
    epochs: [...g.epochs.entries()].sort(([a], [b]) => a - b).map(([epoch, e]) => ({ epoch, t: e.t, members: e.members.size, mismatches: e.mismatches })),
    commits: g.commits.map((c) => ({ t: c.t, op: c.op, by: node(c.by), epoch: c.epoch, bytes: c.bytes })),
    failures: g.failures.map((c) => ({ t: c.t, op: c.op, by: node(c.by), epoch: c.epoch, outcome: c.outcome ?? '' })),
  };
}
