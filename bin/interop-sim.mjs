#!/usr/bin/env node
// Entry point: registers the TypeScript loader (tsx) and runs the CLI, so `npx interop-sim` works
// straight after `npm ci` with no build step.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The project's own tsconfig wherever the command runs (tsx would read the one in the current
// directory); worker threads inherit it through the environment.
process.env.TSX_TSCONFIG_PATH = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
register({ tsconfig: process.env.TSX_TSCONFIG_PATH });
await import('../sim/cli/main.ts');
