import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.ts';
import { LineBytes } from './lineBytes.ts';
import { writeRecord } from './recordBytes.ts';
import type { TraceRecord } from './records.ts';

const BATCH_BYTES = 1 << 16;
/** Records whose lines wait to be written together (a run's records come between other work, one at a time: written in a run of them, the writers' code and tables stay warm). */
const PENDING = 256;

/** Reads each record as it is emitted. */
export type TraceListener = (record: TraceRecord) => void;
/** Reads each record and its canonical JSON line (no newline): the line is made only when such a listener exists. */
export type LineListener = (record: TraceRecord, line: string) => void;
/** Receives the JSONL bytes (every line and its newline) in order, a batch of up to 64 KiB at a time (a file writer). */
export type ByteSink = (bytes: Uint8Array) => void;

/**
 * The run's trace: every record is serialized once to canonical JSON, folded into a SHA-256 digest and
 * handed to listeners (a JSONL file writer, metrics, security accounting). Nothing is kept in memory,
 * so a long run's trace costs the same memory as a short one's.
 */
export class Trace {
  private readonly hash: Hash = createHash('sha256');
  private readonly listeners: TraceListener[] = [];
  private readonly lineListeners: LineListener[] = [];
  private readonly sinks: ByteSink[] = [];
  private count = 0;
  private general = 0;
  private finished: string | undefined;
  // SHA-256 is over the concatenation of the lines: each line's UTF-8 bytes are written into a 64 KiB
  // buffer as the record is emitted, and the buffer is hashed when full (the same bytes in the same
  // order, one native call per 64 KiB).
  private readonly batch = Buffer.allocUnsafe(BATCH_BYTES);
  private readonly out = new LineBytes(this.batch);
  /** Emitted records whose lines are not written yet, in order (none while a line listener needs each line at once). */
  private readonly pending: TraceRecord[] = [];

  /** Records emitted so far. */
  get records(): number {
    return this.count;
  }

  /** Of those, the records written the general way (`canonicalJson`): their writer by type declined them. */
  get generalRecords(): number {
    this.writePending();
    return this.general;
  }

  subscribe(listener: TraceListener): void {
    this.listeners.push(listener);
  }

  /** Like `subscribe`, with each record's line (a JSONL writer). */
  subscribeLines(listener: LineListener): void {
    this.lineListeners.push(listener);
  }

  /** Like `subscribe`, with the JSONL bytes in batches: nothing per record (`flush` hands over what is pending). */
  subscribeBytes(sink: ByteSink): void {
    this.sinks.push(sink);
  }

  /**
   * Adds a record to the trace and hands it to the listeners. A record must not change once emitted:
   * its line may be written a little later, together with the next ones (always in emit order, and
   * before the digest, a flush or a line listener's line). A `send` record's recipient list is
   * written at once unless it is frozen (the ledger freezes its own copy).
   */
  emit(record: TraceRecord): void {
    if (this.finished !== undefined) throw new Error(`trace: emit after digest (${record.type})`);
    this.count++;
    const lls = this.lineListeners;
    const ls = this.listeners;
    if (lls.length === 0 && (record.type !== 'send' || Object.isFrozen(record.to))) {
      const pending = this.pending;
      pending.push(record);
      if (pending.length >= PENDING) this.writePending();
      for (let i = 0; i < ls.length; i++) ls[i]!(record);
      return;
    }
    this.writePending();
    let line = this.write(record);
    // The line is read from the batch before any listener runs (a listener may emit in turn).
    if (lls.length > 0) line ??= this.batch.toString('utf8', this.lineStart, this.out.pos - 1);
    for (let i = 0; i < ls.length; i++) ls[i]!(record);
    for (let i = 0; i < lls.length; i++) lls[i]!(record, line!);
  }

  /** Where the line last written starts in the batch. */
  private lineStart = 0;

  /** Writes the lines of the records waiting, in order. */
  private writePending(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    for (let i = 0; i < pending.length; i++) this.write(pending[i]!);
    pending.length = 0;
  }

  /** Writes one record's line and its newline into the batch; returns the line when it was made as a string (the general way). */
  private write(record: TraceRecord): string | undefined {
    const out = this.out;
    if (!out.hasRoom()) this.flushBatch();
    let start = out.pos;
    // The record's writer by its type puts the line's bytes straight into the batch; a record it
    // cannot write exactly (an odd string, an extra key) is written the general way, same bytes.
    let line: string | undefined;
    out.full = false;
    let ok = writeRecord(out, record);
    if (!ok && out.full && start > 0) {
      // It did not fit in what is left of the batch: again in an empty one.
      out.pos = start;
      this.flushBatch();
      start = 0;
      out.full = false;
      ok = writeRecord(out, record);
    }
    if (ok) this.batch[out.pos++] = 0x0a;
    else {
      this.general++;
      out.pos = start;
      line = canonicalJson(record);
      const worst = line.length * 3 + 1;
      if (out.pos + worst > this.batch.length) {
        this.flushBatch();
        start = 0;
      }
      if (worst > this.batch.length) this.take(Buffer.from(line + '\n', 'utf8'));
      else {
        out.pos += this.batch.write(line, out.pos, 'utf8');
        this.batch[out.pos++] = 0x0a;
      }
    }
    this.lineStart = start;
    return line;
  }

  /** SHA-256 over the canonical JSONL form of every record, in order. Closes the trace. */
  digest(): string {
    if (this.finished === undefined) {
      this.flush();
      this.finished = this.hash.digest('hex');
    }
    return this.finished;
  }

  /** Writes the records waiting, hashes the lines and hands them to the byte sinks (done when the batch is full and at the digest). */
  flush(): void {
    this.writePending();
    this.flushBatch();
  }

  private flushBatch(): void {
    if (this.out.pos > 0) this.take(this.batch.subarray(0, this.out.pos));
    this.out.pos = 0;
  }

  private take(bytes: Uint8Array): void {
    const sinks = this.sinks;
    for (let i = 0; i < sinks.length; i++) sinks[i]!(bytes);
    this.hash.update(bytes);
  }
}
