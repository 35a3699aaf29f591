// deserialization: the variable-length integer headers of opaque<V> (RFC 9420 §2.1.2), through the
// decoder every engine message goes through.
import { determineLength, lengthEncoder } from 'ts-mls/codec/variableLength.js';
import { hexOf } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';

export const deserialization: VectorKind = {
  name: 'deserialization',
  shape: { object: { vlbytes_header: 'hex', length: 'uint' } },
  async check(c) {
    const e = new Expectations();
    const header = hexOf(c, 'vlbytes_header');
    const { length, lengthFieldSize } = determineLength(header, 0);
    e.equal('length', length, c.length);
    e.equal('header size', lengthFieldSize, header.length);
    // And the encoder writes the same (minimal) header for that length.
    const [size, write] = lengthEncoder(c.length as number);
    const out = new Uint8Array(size);
    write(0, out.buffer);
    e.bytes('encoded header', out, header);
    return e.outcome();
  },
};
