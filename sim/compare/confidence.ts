import type { MetricEstimate } from './compareResult.ts';

// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; beyond, the normal 1.96.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** Mean and 95% confidence half-width (Student t) of independent replications. */
export function estimate(values: readonly number[]): MetricEstimate {
  const n = values.length;
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { mean: NaN, ci95: NaN, values };
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  if (finite.length < 2) return { mean, ci95: 0, values };
  const variance = finite.reduce((a, v) => a + (v - mean) ** 2, 0) / (finite.length - 1);
  const t = T975[finite.length - 2] ?? 1.96;
  return { mean, ci95: (t * Math.sqrt(variance)) / Math.sqrt(n === finite.length ? n : finite.length), values };
}
