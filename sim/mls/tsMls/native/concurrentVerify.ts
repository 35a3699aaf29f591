// Signature checks that may run side by side. A join verifies every leaf of the tree (RFC 9420
// §12.4.3.1) and a commit adding N members two signatures per KeyPackage (§12.2); each check is
// required, none depends on another. OpenSSL's one-shot verify takes a callback and then runs on
// libuv's thread pool, so a batch started together uses every core while the main thread goes on.
// Results are awaited in the order the sequential code asks for them, so the first failure reported
// is the same one.
import { verify, type KeyObject } from 'node:crypto';
import type { Signature } from 'ts-mls';

type Verify = Signature['verify'];
const concurrent = new WeakMap<Signature, Verify>();

/** Registers the thread-pool verify of a native signature scheme (same key, same result as `verify`). */
export function registerConcurrentVerify(s: Signature, keyOf: (publicKey: Uint8Array) => KeyObject, algorithm: string | null = null): Signature {
  concurrent.set(s, (publicKey, message, signature) => {
    let key: KeyObject;
    try {
      key = keyOf(publicKey);
    } catch {
      return Promise.resolve(false); // not a valid public key: what the synchronous verify answers
    }
    return new Promise<boolean>((resolve) => {
      try {
        verify(algorithm, message, key, signature, (err, ok) => resolve(err === null && ok));
      } catch {
        resolve(false);
      }
    });
  });
  return s;
}

/** The signature scheme `s` with a verify that can run concurrently (itself when it has none). */
export function concurrentSignature(s: Signature): Signature {
  const v = concurrent.get(s);
  return v === undefined ? s : { ...s, verify: v };
}
