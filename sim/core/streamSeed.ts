import * as crypto from 'node:crypto';
import { Xor4096 } from './xor4096.ts';

/** node:crypto's one-shot `hash` (Node 20.12+), else a Hash object: the same SHA-256 bytes. */
const sha256: (data: string) => Uint8Array =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash(alg: string, data: string, enc: 'buffer'): Uint8Array }).hash('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data).digest();

/**
 * The generator of the stream `name` under `masterSeed`: xor4096 seeded with the hex of
 * SHA-256("interop-sim/v1" 0 master 0 name), so a stream's draws depend only on its own name.
 */
export function streamGenerator(masterSeed: string, name: string): Xor4096 {
  return Xor4096.fromHex(sha256(`interop-sim/v1\0${masterSeed}\0${name}`));
}
