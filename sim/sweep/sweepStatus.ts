import { writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepCounts } from './store.ts';

/**
 * progress.json in the output folder, rewritten while the coordinator watches: what `interop-sim
 * serve` shows for a sweep that is still running (results.json is rewritten too, every few seconds).
 */
export interface SweepStatus {
  readonly kind: 'interop-sim/sweep-progress';
  readonly name: string;
  readonly id: string;
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly active: number;
  /** running: the coordinator watches; finished: every cell has a row or failed for good; stopped: the coordinator stopped before that (run the command again). */
  readonly state: 'running' | 'finished' | 'stopped';
  /** Wall-clock ISO times (display only). */
  readonly startedAt: string;
  readonly updatedAt: string;
}

export function writeSweepStatus(dir: string, s: Omit<SweepStatus, 'kind' | 'updatedAt'>): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'progress.json');
  const staged = `${file}.partial-${process.pid}`;
  const status: SweepStatus = { kind: 'interop-sim/sweep-progress', ...s, updatedAt: new Date().toISOString() }; // wall-clock ok: display only
  writeFileSync(staged, JSON.stringify(status, null, 2) + '\n');
  renameSync(staged, file);
}

export const statusOf = (counts: SweepCounts, total: number, state: SweepStatus['state']) => ({ total, done: counts.done, failed: counts.failed, active: counts.active, state });
