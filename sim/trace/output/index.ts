export { safeName } from './safeName.ts';
export { StagedFiles, writeFileAtomic } from './stagedFiles.ts';
export { checkOutputDir, checkOutputFile, type OutputCheck } from './outputTarget.ts';

/** What `run --out DIR` (and each run of `compare --out`) writes; summary.json goes last. */
export const RUN_OUTPUT_FILES = ['trace.jsonl', 'topology.json', 'summary.json'] as const;
