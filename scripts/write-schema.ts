// Regenerates scenarios/scenario.schema.json from the zod schema (a test checks it is current).
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../scenarios/jsonSchema.ts';

writeFileSync(new URL('../scenarios/scenario.schema.json', import.meta.url), JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
