import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.ts';
import type { TraceRecord } from './records.ts';

export type TraceListener = (record: TraceRecord, line: string) => void;

/**
 * The run's trace: every record is serialized once to canonical JSON, folded into a SHA-256 digest and
 * handed to listeners (a JSONL file writer, metrics, security accounting). Nothing is kept in memory,
 * so a long run's trace costs the same memory as a short one's.
 */
export class Trace {
  private readonly hash: Hash = createHash('sha256');
  private readonly listeners: TraceListener[] = [];
  private count = 0;
  private finished: string | undefined;

  /** Records emitted so far. */
  get records(): number {
    return this.count;
  }

  subscribe(listener: TraceListener): void {
    this.listeners.push(listener);
  }

  emit(record: TraceRecord): void {
    if (this.finished !== undefined) throw new Error(`trace: emit after digest (${record.type})`);
    const line = canonicalJson(record);
    this.hash.update(line);
    this.hash.update('\n');
    this.count++;
    for (const l of this.listeners) l(record, line);
  }

  /** SHA-256 over the canonical JSONL form of every record, in order. Closes the trace. */
  digest(): string {
    this.finished ??= this.hash.digest('hex');
    return this.finished;
  }
}
