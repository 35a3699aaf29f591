import type { CompareResult } from '../sim/compare/compareResult.ts';

const show = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 40);

/**
 * Checks compare.json against CompareResult (sim/compare/compareResult.ts); throws a one-line error
 * naming the field. Every metric present must be a MetricEstimate; the browser charts the ones it
 * has labels for (app/format.js METRIC_INFO). A mean may be null (NaN written as JSON): no bar.
 */
export function checkCompare(value: unknown, label: string): CompareResult {
  const fail = (path: string, what: string, got: unknown): never => {
    throw new TypeError(`${label}: ${path}: expected ${what}, got ${show(got)}`);
  };
  const v = (value ?? {}) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null) fail('(top level)', 'an object', value);
  if (v.kind !== 'interop-sim/compare') fail('kind', '"interop-sim/compare"', v.kind);
  if (typeof v.scenario !== 'string') fail('scenario', 'a string', v.scenario);
  if (!Array.isArray(v.seeds)) fail('seeds', 'a list', v.seeds);
  if (!Array.isArray(v.rows)) fail('rows', 'a list', v.rows);
  const isNum = (x: unknown) => x === null || (typeof x === 'number' && Number.isFinite(x));
  (v.rows as unknown[]).forEach((row, i) => {
    const r = (row ?? {}) as Record<string, unknown>;
    if (typeof r.architecture !== 'string') fail(`rows[${i}].architecture`, 'a string', r.architecture);
    if (r.metrics === null || typeof r.metrics !== 'object') fail(`rows[${i}].metrics`, 'an object', r.metrics);
    const metrics = r.metrics as Record<string, unknown>;
    for (const [m, value] of Object.entries(metrics)) {
      const e = (value ?? {}) as Record<string, unknown>;
      if (!isNum(e.mean)) fail(`rows[${i}].metrics.${m}.mean`, 'a number', e.mean);
      if (!isNum(e.ci95)) fail(`rows[${i}].metrics.${m}.ci95`, 'a number', e.ci95);
      if (!Array.isArray(e.values) || !e.values.every(isNum)) fail(`rows[${i}].metrics.${m}.values`, 'a list of numbers', e.values);
    }
  });
  return value as CompareResult;
}
