import * as crypto from 'node:crypto';
import { Xor4096 } from './xor4096.ts';

/**
 * SHA-256 of `data` as a latin1 string (one character per byte): node:crypto's one-shot `hash` (Node
 * 20.12+), else a Hash object. A string is the cheapest output: asking for a Buffer costs several times
 * the hash of a short name.
 */
const sha256: (data: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash(alg: string, data: string, enc: 'latin1'): string }).hash('sha256', data, 'latin1')
    : (data) => crypto.createHash('sha256').update(data).digest('binary');

/**
 * The generator of the stream `name` under `masterSeed`: xor4096 seeded with the hex of
 * SHA-256("interop-sim/v1" 0 master 0 name), so a stream's draws depend only on its own name.
 */
export function streamGenerator(masterSeed: string, name: string): Xor4096 {
  return Xor4096.fromLatin1Digest(sha256(`interop-sim/v1\0${masterSeed}\0${name}`));
}
