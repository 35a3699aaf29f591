// Signature checks that may run side by side. A join verifies every leaf of the tree (RFC 9420
// §12.4.3.1) and a commit adding N members two signatures per KeyPackage (§12.2); each check is
// required, none depends on another. The native Ed25519 scheme has a `pooled` twin whose verify is
// OpenSSL's one-shot verify with a callback, which runs on libuv's thread pool (nativeEd25519.ts), so a
// batch started together uses every core while the main thread goes on. Callers await the results in
// the order the sequential code asks for them, so the first failure reported is the same one.
import type { Signature } from 'ts-mls';
import type { PoolableSignature } from './nativeEd25519.ts';

/** The signature scheme `s` with a verify that can run concurrently (itself when it has none). */
export function concurrentSignature(s: Signature): Signature {
  return (s as PoolableSignature).pooled ?? s;
}
