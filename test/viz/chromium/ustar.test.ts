import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { readTar } from './ustar.ts';

/** One ustar header block (name, octal mode and size, type flag, checksum) followed by the data. */
function entry(name: string, type: string, data = new Uint8Array(0), mode = 0o644): Uint8Array {
  const header = new Uint8Array(512);
  const put = (at: number, s: string) => header.set(new TextEncoder().encode(s), at);
  put(0, name);
  put(100, mode.toString(8).padStart(7, '0'));
  put(124, data.length.toString(8).padStart(11, '0'));
  put(156, type);
  put(257, 'ustar\x0000');
  put(148, '        ');
  put(148, header.reduce((a, b) => a + b, 0).toString(8).padStart(6, '0') + '\0 ');
  const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
  padded.set(data);
  return new Uint8Array([...header, ...padded]);
}
const archive = (...parts: Uint8Array[]) => new Uint8Array([...parts.flatMap((p) => [...p]), ...new Uint8Array(1024)]);
const bytes = (s: string) => new TextEncoder().encode(s);

describe('readTar', () => {
  it('reads the NSS archive @sparticuz/chromium ships: shared objects, executable, ELF', () => {
    const pkg = dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
    const tar = brotliDecompressSync(readFileSync(join(pkg, '..', '..', 'bin', 'al2023.tar.br')));
    const files = readTar(tar).filter((e) => e.kind === 'file');
    const nss = files.find((e) => e.path === 'lib/libnss3.so');
    assert.ok(nss && nss.kind === 'file');
    assert.equal(nss.executable, true);
    assert.deepEqual([...nss.data.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46]);
    assert.ok(files.length >= 10);
  });

  it('files, folders, executable bits, a pax path and a GNU long name', () => {
    const long = 'deep/' + 'x'.repeat(120);
    const pax = (p: string) => {
      const body = ` path=${p}\n`;
      let n = body.length + 1; // a record's length counts its own digits
      while (String(n).length + body.length !== n) n++;
      return bytes(`${n}${body}`);
    };
    const entries = readTar(
      archive(entry('dir/', '5'), entry('dir/run', '0', bytes('#!'), 0o755), entry('././@LongLink', 'L', bytes(long + '\0')), entry('cut', '0', bytes('a')), entry('PaxHeader', 'x', pax('pax/name.txt')), entry('short', '0', bytes('bc'))),
    );
    assert.deepEqual(
      entries.map((e) => (e.kind === 'file' ? `${e.path} ${e.executable ? 'x' : '-'} ${new TextDecoder().decode(e.data)}` : `${e.path}/`)),
      ['dir/', 'dir/run x #!', `${long} - a`, 'pax/name.txt - bc'],
    );
  });

  it('refuses paths that leave the target folder, links, and damaged headers', () => {
    assert.throws(() => readTar(archive(entry('../evil', '0'))), /tar: entry "..\/evil" would be written outside the target folder/);
    assert.throws(() => readTar(archive(entry('/etc/passwd', '0'))), /outside the target folder/);
    assert.throws(() => readTar(archive(entry('a/../../b', '0'))), /outside the target folder/);
    assert.throws(() => readTar(archive(entry('link', '2'))), /tar: entry "link" has unsupported type "2"/);
    const bad = archive(entry('f', '0', bytes('x')));
    bad[0] = 0x67;
    assert.throws(() => readTar(bad), /tar: header at byte 0 has a bad checksum/);
    assert.throws(() => readTar(entry('f', '0', bytes('abc')).subarray(0, 514)), /tar: entry at byte 0 is cut short/);
  });
});
