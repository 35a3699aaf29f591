// What the ts-mls engine's operations share: a per-engine cache of suite crypto and the ts-mls
// client configuration. Kept per engine instance so two engines never share mutable state.
import type { ClientConfig } from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import type { SuiteParams } from './ciphersuites.ts';
import { keyPackageEquality } from './keyPackageEquality.ts';
import { CRYPTO_MODES, loadSuiteCrypto, type CryptoMode, type SuiteCrypto } from './suiteCrypto.ts';

export interface TsMlsEngineOptions {
  /** Past epochs whose application secrets are kept for late messages (RFC 9420 §15.3). Default 4. */
  readonly retainEpochs?: number;
  /** Skipped generations kept per sender for out-of-order delivery (RFC 9420 §9.2). Default 10. */
  readonly retainGenerations?: number;
  /** How far ahead of the next expected generation a message may be. Default 200. */
  readonly maxForwardRatchet?: number;
  /** Pad PrivateMessage content up to this many bytes (RFC 9420 §15.1). Default 256; 0 disables. */
  readonly padTo?: number;
  /**
   * The crypto provider under ts-mls: 'native' (Node's OpenSSL, the default) or 'stock' (ts-mls's own
   * defaultCryptoProvider). Same bytes from the same seeds; members on either interoperate.
   */
  readonly crypto?: CryptoMode;
  /**
   * `mintKeyPackage` defers each KeyPackage's keys and signatures until first needed (default true);
   * false makes it build every KeyPackage at mint time and hand out its real bytes at once.
   */
  readonly deferKeyPackages?: boolean;
}

export interface EngineContext {
  readonly crypto: CryptoMode;
  readonly suite: (params: SuiteParams) => Promise<SuiteCrypto>;
  readonly clientConfig: ClientConfig;
  readonly deferKeyPackages: boolean;
}

export function engineContext(options: TsMlsEngineOptions = {}): EngineContext {
  const cache = new Map<number, Promise<SuiteCrypto>>();
  const base = defaultClientConfig.keyRetentionConfig;
  const count = (field: string, v: number | undefined, dflt: number) => {
    if (v === undefined) return dflt;
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${field}: expected a non-negative integer, got ${v}`);
    return v;
  };
  const padTo = count('padTo', options.padTo, 256);
  const crypto = options.crypto ?? 'native';
  if (!CRYPTO_MODES.includes(crypto)) throw new RangeError(`crypto: expected 'native' or 'stock', got ${JSON.stringify(crypto)}`);
  if (options.deferKeyPackages !== undefined && typeof options.deferKeyPackages !== 'boolean') throw new TypeError('deferKeyPackages: expected a boolean');
  return {
    crypto,
    deferKeyPackages: options.deferKeyPackages ?? true,
    suite(params) {
      let p = cache.get(params.id);
      if (p === undefined) {
        p = loadSuiteCrypto(params, crypto);
        cache.set(params.id, p);
      }
      return p;
    },
    clientConfig: {
      ...defaultClientConfig,
      keyRetentionConfig: {
        retainKeysForEpochs: count('retainEpochs', options.retainEpochs, base.retainKeysForEpochs),
        retainKeysForGenerations: count('retainGenerations', options.retainGenerations, base.retainKeysForGenerations),
        maximumForwardRatchetSteps: count('maxForwardRatchet', options.maxForwardRatchet, base.maximumForwardRatchetSteps),
      },
      paddingConfig: { kind: 'padUntilLength', padUntilLength: padTo },
      keyPackageEqualityConfig: keyPackageEquality,
    },
  };
}
