// The sweep engine's public API: load and plan a sweep file, run it (coordinator) and serve cells
// (worker). Other parts of the project import from here.
export { loadSweep, validateSweep, type LoadedSweep } from './loadSweep.ts';
export { loadBase, type SweepBase } from './loadBase.ts';
export { planCells, cellScenario, describePoint, type Cell, type SweepPlan } from './planCells.ts';
export { planSweep, checkPoints, SweepPointRefused } from './planSweep.ts';
export { SweepError } from './sweepError.ts';
export { runSweep, enqueue, SweepInterrupted, SweepWorkersGone, type SweepOptions, type SweepOutcome } from './runSweep.ts';
export { runWorker, processOne, WorkerRefused, type WorkerOptions, type ProcessOptions, type CellTiming } from './workerLoop.ts';
export { runCell, keptRunName, type CellOutcome } from './runCell.ts';
export type { CellJob } from './cellJob.ts';
export { sweepResult, cellsCsv, pointsCsv, type SweepResult, type SweepPointResult } from './sweepResult.ts';
export type { SweepStatus } from './sweepStatus.ts';
export { writeSweepOutputs } from './writeOutputs.ts';
export { startEmbeddedDb, type EmbeddedDb } from './embeddedDb.ts';
export { codeVersion } from './codeVersion.ts';
export { queuedCells, studyPlan, QueuedCellFailed, type QueuedCellsOptions } from './queuedCells.ts';
export type { SweepSpec } from './sweepSpec.ts';
