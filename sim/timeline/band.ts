/** A series with its band: mean, lowest and highest over the runs it summarises (null: not measured). */
export interface Band {
  readonly mean: readonly (number | null)[];
  readonly lo: readonly (number | null)[];
  readonly hi: readonly (number | null)[];
}

/** Mean, min and max per month over several runs of the same series. */
export function bandOf(runs: readonly (readonly (number | null)[])[]): Band {
  const months = runs[0]?.length ?? 0;
  const mean: (number | null)[] = [];
  const lo: (number | null)[] = [];
  const hi: (number | null)[] = [];
  for (let i = 0; i < months; i++) {
    const vs = runs.map((r) => r[i]).filter((v): v is number => typeof v === 'number');
    if (vs.length < runs.length || vs.length === 0) {
      mean.push(null), lo.push(null), hi.push(null);
      continue;
    }
    mean.push(vs.reduce((s, v) => s + v, 0) / vs.length);
    lo.push(Math.min(...vs));
    hi.push(Math.max(...vs));
  }
  return { mean, lo, hi };
}
