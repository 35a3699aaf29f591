// Choosing the MLS implementation: the built-in ts-mls engine, or a module of your own whose default
// export (an engine, or a function returning one) or `createEngine()` gives an `MlsEngine`.
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MLS_ENGINE_FUNCTIONS, type MlsEngine } from './engine.ts';
import { createTsMlsEngine, type CryptoMode, type TsMlsEngineOptions } from './tsMlsEngine.ts';

export type EngineSpec = 'ts-mls' | { readonly module: string };

export interface LoadEngineOptions {
  /** Relative module paths resolve against this (default: the working directory). */
  readonly baseDir?: string;
  readonly tsMls?: TsMlsEngineOptions;
  /** The built-in engine's crypto provider (same as `tsMls.crypto`): 'native' (default) or 'stock'. */
  readonly crypto?: CryptoMode;
}

export async function loadEngine(spec: EngineSpec, options: LoadEngineOptions = {}): Promise<MlsEngine> {
  if (spec === 'ts-mls') {
    return createTsMlsEngine({ ...options.tsMls, ...(options.crypto === undefined ? {} : { crypto: options.crypto }) });
  }
  if (typeof spec !== 'object' || spec === null || typeof spec.module !== 'string' || spec.module.length === 0) {
    throw new TypeError(`engine: expected 'ts-mls' or { module: path }, got ${JSON.stringify(spec)}`);
  }
  const path = isAbsolute(spec.module) ? spec.module : resolve(options.baseDir ?? process.cwd(), spec.module);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Error(`engine.module: cannot load ${path}: ${why}`);
  }
  const engine = await engineFrom(mod, path);
  const missing = MLS_ENGINE_FUNCTIONS.filter((f) => typeof (engine as Record<string, unknown>)[f] !== 'function');
  if (typeof (engine as { name?: unknown }).name !== 'string') missing.unshift('name' as never);
  if (!Array.isArray((engine as { ciphersuites?: unknown }).ciphersuites)) missing.unshift('ciphersuites' as never);
  if (missing.length > 0) throw new Error(`engine.module: ${path} is not an MlsEngine, missing ${missing.join(', ')}`);
  return engine as MlsEngine;
}

async function engineFrom(mod: Record<string, unknown>, path: string): Promise<object> {
  const candidate = mod.default ?? mod.createEngine;
  const value = typeof candidate === 'function' ? await (candidate as () => unknown)() : candidate;
  if (typeof value !== 'object' || value === null) {
    throw new Error(`engine.module: ${path} has no default export or createEngine() giving an engine object`);
  }
  return value;
}
