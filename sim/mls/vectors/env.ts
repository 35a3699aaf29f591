// What a vector check runs on: the engine (for the operations a client performs) and, per suite, the
// engine's own suite crypto (native provider by default) for the internals a vector isolates.
import { ciphersuites as tsMlsSuiteIds } from 'ts-mls/crypto/ciphersuite.js';
import type { MlsEngine } from '../engine.ts';
import { suiteParams } from '../tsMls/ciphersuites.ts';
import { engineContext, type EngineContext } from '../tsMls/engineContext.ts';
import type { CryptoMode, SuiteCrypto } from '../tsMls/suiteCrypto.ts';
import { createTsMlsEngine } from '../tsMlsEngine.ts';

export type SuiteLookup = { readonly kind: 'ok'; readonly suite: SuiteCrypto } | { readonly kind: 'unsupported'; readonly detail: string };

export interface VectorEnv {
  readonly crypto: CryptoMode;
  readonly engine: MlsEngine;
  readonly ctx: EngineContext;
  suite(id: number): Promise<SuiteLookup>;
}

/** Names of the RFC 9420 §17.1 suites, for reports about the ones the engine cannot run. */
export const RFC_SUITE_NAMES: Readonly<Record<number, string>> = {
  1: 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519',
  2: 'MLS_128_DHKEMP256_AES128GCM_SHA256_P256',
  3: 'MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519',
  4: 'MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448',
  5: 'MLS_256_DHKEMP521_AES256GCM_SHA512_P521',
  6: 'MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448',
  7: 'MLS_256_DHKEMP384_AES256GCM_SHA384_P384',
};

export function vectorEnv(crypto: CryptoMode = 'native'): VectorEnv {
  const ctx = engineContext({ crypto });
  const engine = createTsMlsEngine({ crypto });
  const cache = new Map<number, Promise<SuiteLookup>>();
  return {
    crypto,
    engine,
    ctx,
    suite(id) {
      let p = cache.get(id);
      if (p === undefined) {
        p = lookup(ctx, id);
        cache.set(id, p);
      }
      return p;
    },
  };
}

async function lookup(ctx: EngineContext, id: number): Promise<SuiteLookup> {
  let params;
  try {
    params = suiteParams(id);
  } catch {
    return { kind: 'unsupported', detail: `suite ${id} (${suiteName(id)}) is not run by the engine` };
  }
  try {
    return { kind: 'ok', suite: await ctx.suite(params) };
  } catch (e) {
    return { kind: 'unsupported', detail: `suite ${id} (${params.name}): ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The suite's registered name (RFC 9420 §17.1 and the code points ts-mls knows), or 'unknown'. */
function suiteName(id: number): string {
  return RFC_SUITE_NAMES[id] ?? Object.entries(tsMlsSuiteIds).find(([, v]) => v === id)?.[0] ?? 'unknown';
}
