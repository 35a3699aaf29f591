import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.ts';
import type { TraceRecord } from './records.ts';

const BATCH_CHARS = 1 << 16;

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
    // SHA-256 is over the concatenation of the lines, so lines are handed to it in batches of about
    // 64 KiB: the same bytes in the same order, one native call per batch instead of two per record.
    this.pending += line + '\n';
    if (this.pending.length >= BATCH_CHARS) this.flush();
    this.count++;
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) ls[i]!(record, line);
  }

  /** SHA-256 over the canonical JSONL form of every record, in order. Closes the trace. */
  digest(): string {
    if (this.finished === undefined) {
      this.flush();
      this.finished = this.hash.digest('hex');
    }
    return this.finished;
  }

  private pending = '';

  private flush(): void {
    if (this.pending.length > 0) this.hash.update(this.pending);
    this.pending = '';
  }
}
