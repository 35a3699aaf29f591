import { z } from 'zod';
import { COMPARE_METRICS } from '../compare/compareResult.ts';

/**
 * The sweep file: a base scenario, parameters by field path, a design that picks the points, seeds per
 * point and the metrics kept. Parameter values are either an explicit list or a numeric range.
 */
const scalar = z.union([z.number(), z.string(), z.boolean()], { error: 'expected a number, text or true/false' });

export const rangeSchema = z
  .object({
    from: z.number({ error: 'expected a number' }),
    to: z.number({ error: 'expected a number' }),
    /** Values on a grid (from and to included); random designs sample the interval instead. */
    steps: z.number({ error: 'expected an integer >= 2' }).int({ error: 'expected an integer >= 2' }).min(2, { error: 'expected an integer >= 2' }).optional(),
    /** Round every value to an integer (users, group sizes). */
    integer: z.boolean().optional(),
  })
  .strict();

export const parameterSchema = z.union([z.array(scalar).min(1, { error: 'expected at least one value' }), rangeSchema], { error: 'expected a list of values or { from, to, steps }' });

export const designSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('grid') }).strict(),
  z.object({ kind: z.literal('random'), points: z.number().int().min(1, { error: 'expected a positive integer' }), seed: z.union([z.number(), z.string()]).default(1) }).strict(),
  z.object({ kind: z.literal('latin-hypercube'), points: z.number().int().min(1, { error: 'expected a positive integer' }), seed: z.union([z.number(), z.string()]).default(1) }).strict(),
]);

export const sweepSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'expected a name (letters, digits, - _ .)' }),
    description: z.string().optional(),
    /** A built-in preset name or a scenario file (relative to the sweep file). */
    base: z.string({ error: 'expected a preset name or a scenario file' }),
    /** Fields set on the base before any parameter (to shorten it, say). Same paths as parameters. */
    set: z.record(z.string(), z.unknown()).default({}),
    parameters: z.record(z.string(), parameterSchema).refine((p) => Object.keys(p).length > 0, { error: 'expected at least one parameter' }),
    design: designSchema.default({ kind: 'grid' }),
    /** Replications per point: seeds base, base+1, ... */
    seeds: z.number().int().min(1, { error: 'expected a positive integer' }).max(1000, { error: 'expected at most 1000' }).default(1),
    /** First seed (default: the base scenario's). */
    seed: z.union([z.number().int(), z.string()]).optional(),
    metrics: z.array(z.enum(COMPARE_METRICS)).min(1, { error: 'expected at least one metric' }).default([...COMPARE_METRICS]),
    /** A cell running longer than this is presumed lost (its worker died) and is run again. */
    cellTimeoutSeconds: z.number().int().min(1, { error: 'expected a positive integer' }).max(86_399, { error: 'expected less than a day (pg-boss expires jobs within 24 hours)' }).default(600),
    /** Further attempts after a cell fails or times out. */
    retries: z.number().int().min(0, { error: 'expected an integer >= 0' }).max(20, { error: 'expected at most 20' }).default(2),
  })
  .strict();

export type SweepSpec = z.infer<typeof sweepSchema>;
export type ParameterSpec = z.infer<typeof parameterSchema>;
export type DesignSpec = z.infer<typeof designSchema>;
export type Scalar = number | string | boolean;
