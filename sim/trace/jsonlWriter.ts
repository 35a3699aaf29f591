import { closeSync, openSync, writeSync } from 'node:fs';
import type { LineListener } from './trace.ts';

/**
 * Streams trace lines to a file through a fixed-size buffer: memory stays bounded however long the
 * run, and each flush is one synchronous write, so a crash loses at most one buffer.
 */
export class JsonlWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private buffered = 0;

  constructor(
    path: string,
    private readonly flushAt = 1 << 20,
  ) {
    this.fd = openSync(path, 'w');
  }

  readonly listener: LineListener = (_record, line) => {
    this.buffer.push(line);
    this.buffered += line.length + 1;
    if (this.buffered >= this.flushAt) this.flush();
  };

  flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.buffered = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
