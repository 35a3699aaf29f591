import { closeSync, openSync, writeSync } from 'node:fs';
import type { Trace } from './trace.ts';

/**
 * Streams a trace's JSONL to a file: the trace's own 64 KiB batches of line bytes (the bytes it
 * hashes), each written synchronously as it is handed over, so memory stays bounded however long
 * the run, a crash loses at most one batch, and no line is made as a string.
 */
export class JsonlWriter {
  private readonly fd: number;

  constructor(
    path: string,
    private readonly trace: Trace,
  ) {
    this.fd = openSync(path, 'w');
    trace.subscribeBytes((bytes) => {
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at);
    });
  }

  /** Writes what the trace still holds and closes the file. */
  close(): void {
    this.trace.flush();
    closeSync(this.fd);
  }
}
