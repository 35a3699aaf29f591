// A CiphersuiteImpl that reports the wall time of its primitives' synchronous work (the native
// provider computes inside the call and returns a settled promise). For work done between other
// work, e.g. a decryption started ahead of its message (unprotect.ts), which no single span times.
import type { CiphersuiteImpl } from 'ts-mls';
import { performance } from 'node:perf_hooks';

const made = new WeakMap<CiphersuiteImpl, WeakMap<(ms: number) => void, CiphersuiteImpl>>();

let untimed = 0;

/**
 * Runs `f` (synchronous, or the synchronous start of async work) and reports its whole wall time to
 * `spent`, codec included; timed primitives called meanwhile do not report on their own.
 */
export function timedWhole<T>(spent: (ms: number) => void, f: () => T): T {
  const start = performance.now(); // wall-clock ok: measurement only
  untimed++;
  try {
    return f();
  } finally {
    untimed--;
    spent(performance.now() - start); // wall-clock ok
  }
}

/** `impl` with hashing, HKDF, AEAD decryption and signature verification timed into `spent`; one object per (impl, spent). */
export function timedImpl(impl: CiphersuiteImpl, spent: (ms: number) => void): CiphersuiteImpl {
  let bySink = made.get(impl);
  if (bySink === undefined) made.set(impl, (bySink = new WeakMap()));
  let t = bySink.get(spent);
  if (t === undefined) bySink.set(spent, (t = build(impl, spent)));
  return t;
}

function build(impl: CiphersuiteImpl, spent: (ms: number) => void): CiphersuiteImpl {
  const timed =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      if (untimed > 0) return f(...a); // inside a stretch timed as a whole (`timedWhole`)
      const start = performance.now(); // wall-clock ok: measurement only, never fed back
      try {
        return f(...a);
      } finally {
        spent(performance.now() - start); // wall-clock ok
      }
    };
  const { hash, kdf, hpke, signature } = impl;
  return {
    ...impl,
    hash: { digest: timed((d) => hash.digest(d)), mac: timed((k, d) => hash.mac(k, d)), verifyMac: timed((k, m, d) => hash.verifyMac(k, m, d)) },
    kdf: { size: kdf.size, extract: timed((s, i) => kdf.extract(s, i)), expand: timed((p, i, l) => kdf.expand(p, i, l)) },
    hpke: { ...hpke, decryptAead: timed((k, n, a, c) => hpke.decryptAead(k, n, a, c)) },
    signature: { ...signature, verify: timed((p, m, s) => signature.verify(p, m, s)) },
  };
}
