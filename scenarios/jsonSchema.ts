import { z } from 'zod';
import { scenarioSchema } from './schema.ts';

/** The scenario JSON Schema for editors (what a file may contain, so defaults are optional). */
export function scenarioJsonSchema(): object {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://interop-sim.invalid/scenario.schema.json',
    title: 'interop-sim scenario',
  };
}
