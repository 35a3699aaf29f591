import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.ts';
import type { TraceRecord } from './records.ts';

const BATCH_BYTES = 1 << 16;

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
    // SHA-256 is over the concatenation of the lines: each line's UTF-8 bytes are written into a 64 KiB
    // buffer now, while the string is fresh in the cache, and the buffer is hashed when full (the same
    // bytes in the same order, one native call per 64 KiB instead of two per record).
    const worst = line.length * 3 + 1;
    if (this.used + worst > this.batch.length) this.flush();
    if (worst > this.batch.length) this.hash.update(line + '\n');
    else {
      this.used += this.batch.write(line, this.used, 'utf8');
      this.batch[this.used++] = 0x0a;
    }
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

  private readonly batch = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;

  private flush(): void {
    if (this.used > 0) this.hash.update(this.batch.subarray(0, this.used));
    this.used = 0;
  }
}
