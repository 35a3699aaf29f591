// A minimal reader for the POSIX ustar archives that @sparticuz/chromium ships (its bundled NSS
// libraries and fonts): regular files and directories only (POSIX.1-2001 pax `path` records and GNU
// long names are honoured). Anything else, or a path that would leave the target folder, is refused.
import { posix } from 'node:path';

export type TarEntry =
  | { readonly kind: 'file'; readonly path: string; readonly executable: boolean; readonly data: Uint8Array }
  | { readonly kind: 'dir'; readonly path: string };

const BLOCK = 512;
const decoder = new TextDecoder();

/** NUL-terminated text field of a header. */
function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

/** Octal number field (space or NUL padded). */
function octal(block: Uint8Array, start: number, length: number, what: string): number {
  const digits = text(block, start, length).trim();
  if (!/^[0-7]*$/.test(digits)) throw new RangeError(`tar: ${what} field is not octal: ${JSON.stringify(digits)}`);
  return digits === '' ? 0 : parseInt(digits, 8);
}

/** POSIX pax extended header records: `<length> <key>=<value>\n`. */
function paxPath(data: Uint8Array): string | undefined {
  let path: string | undefined;
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = Number(decoder.decode(data.subarray(at, space)));
    if (space === -1 || !Number.isInteger(length) || length <= 0) throw new RangeError('tar: malformed pax record');
    const record = decoder.decode(data.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    at += length;
  }
  return path;
}

/** A relative path inside the archive root, or an error naming the entry. */
function safePath(raw: string): string {
  const path = posix.normalize(raw).replace(/\/+$/, '');
  if (path === '' || path === '.' || posix.isAbsolute(path) || path.split('/').includes('..')) {
    throw new RangeError(`tar: entry ${JSON.stringify(raw)} would be written outside the target folder`);
  }
  return path;
}

/** Every file and directory of a ustar archive, in archive order. */
export function readTar(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let nextName: string | undefined;
  for (let at = 0; at + BLOCK <= bytes.length; ) {
    const header = bytes.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12, 'size');
    const sum = octal(header, 148, 8, 'checksum');
    const computed = header.reduce((acc, b, i) => acc + (i >= 148 && i < 156 ? 0x20 : b), 0);
    if (sum !== computed) throw new RangeError(`tar: header at byte ${at} has a bad checksum`);
    const type = String.fromCharCode(header[156] ?? 0);
    const data = bytes.subarray(at + BLOCK, at + BLOCK + size);
    if (data.length !== size) throw new RangeError(`tar: entry at byte ${at} is cut short`);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;

    const prefix = text(header, 345, 155);
    const name = nextName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    switch (type) {
      case 'x':
        nextName = paxPath(data) ?? nextName;
        continue;
      case 'L':
        nextName = text(data, 0, data.length);
        continue;
      case 'g':
        continue;
      case '0':
      case '\0':
        entries.push({ kind: 'file', path: safePath(name), executable: (octal(header, 100, 8, 'mode') & 0o111) !== 0, data });
        break;
      case '5':
        entries.push({ kind: 'dir', path: safePath(name) });
        break;
      default:
        throw new RangeError(`tar: entry ${JSON.stringify(name)} has unsupported type ${JSON.stringify(type)}`);
    }
    nextName = undefined;
  }
  return entries;
}
