import seedrandom from 'seedrandom';
import type { DesignSpec, ParameterSpec, Scalar } from './sweepSpec.ts';

/** One point of a sweep: a value for each parameter, by field path. */
export type Point = Readonly<Record<string, Scalar>>;

const tidy = (v: number, integer: boolean | undefined): number => (integer ? Math.round(v) : Number(v.toPrecision(12)));

/** The values a grid takes for one parameter (a range needs `steps`: checked when the sweep loads). */
export function gridValues(p: ParameterSpec): Scalar[] {
  if (Array.isArray(p)) return p;
  const steps = p.steps ?? 2;
  return Array.from({ length: steps }, (_, i) => tidy(p.from + ((p.to - p.from) * i) / (steps - 1), p.integer));
}

/** A value at `u` in [0, 1): a list is cut into equal slices, a range is scaled (6 significant digits). */
function valueAt(p: ParameterSpec, u: number): Scalar {
  if (Array.isArray(p)) return p[Math.min(p.length - 1, Math.floor(u * p.length))]!;
  const v = p.from + u * (p.to - p.from);
  return p.integer ? Math.round(v) : Number(v.toPrecision(6));
}

/** Every combination, the first parameter varying slowest. */
function grid(parameters: Readonly<Record<string, ParameterSpec>>): Point[] {
  let points: Record<string, Scalar>[] = [{}];
  for (const [name, spec] of Object.entries(parameters)) points = points.flatMap((pt) => gridValues(spec).map((v) => ({ ...pt, [name]: v })));
  return points;
}

/**
 * The points of a design. Random designs draw from one named stream per parameter (seeded by the
 * design's seed and the parameter's path), so adding a parameter leaves the others' draws unchanged.
 */
export function designPoints(parameters: Readonly<Record<string, ParameterSpec>>, design: DesignSpec): Point[] {
  switch (design.kind) {
    case 'grid':
      return grid(parameters);
    case 'random': {
      const columns = Object.entries(parameters).map(([name, spec]) => {
        const rng = seedrandom.xor4096(`sweep-design/random/${design.seed}/${name}`);
        return Array.from({ length: design.points }, () => [name, valueAt(spec, rng())] as const);
      });
      return Array.from({ length: design.points }, (_, i) => Object.fromEntries(columns.map((c) => c[i]!)));
    }
    case 'latin-hypercube': {
      // McKay et al. 1979: each parameter's range is cut into `points` strata and every stratum is
      // used exactly once, in an independent random order per parameter.
      const n = design.points;
      const columns = Object.entries(parameters).map(([name, spec]) => {
        const rng = seedrandom.xor4096(`sweep-design/lhs/${design.seed}/${name}`);
        const order = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(rng() * (i + 1));
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        return order.map((stratum) => [name, valueAt(spec, (stratum + rng()) / n)] as const);
      });
      return Array.from({ length: n }, (_, i) => Object.fromEntries(columns.map((c) => c[i]!)));
    }
    default: {
      const never: never = design;
      throw new Error(`unknown design ${JSON.stringify(never)}`);
    }
  }
}
