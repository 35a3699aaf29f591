export * from './schema.ts';
export { ScenarioError } from './scenarioError.ts';
export { formatIssues, formatPath } from './formatIssues.ts';
export { loadScenario, parseScenarioText, validateScenario, resolveScenarioPath, PRESET_DIR, DEFAULT_SCENARIO } from './loader.ts';
export { scenarioJsonSchema } from './jsonSchema.ts';
