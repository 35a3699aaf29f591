#!/usr/bin/env node
// Entry point: registers the TypeScript loader (tsx) and runs the CLI, so `npx interop-sim` works
// straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';
register();
await import('../sim/cli/main.ts');
