// Entry points: run the scripts of an IETF interop config on the simulated network.
import { readFile } from 'node:fs/promises';
import { loadEngine } from '../mls/loadEngine.ts';
import type { MlsEngine } from '../mls/engine.ts';
import type { LinkParams } from '../net/index.ts';
import type { TraceListener } from '../trace/index.ts';
import { MlsScriptError } from './mlsScriptError.ts';
import { parseScriptFile } from './parseScriptFile.ts';
import type { Tamper } from './relayProtocol.ts';
import { runScript } from './runScript.ts';
import type { ScriptReport } from './scriptReport.ts';

export interface MlsScriptOptions {
  /** Run only the script with this name. */
  readonly script?: string;
  /** Default 1 (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519). */
  readonly ciphersuite?: number;
  /** Master seed of the named random streams; default `mls-script`. */
  readonly seed?: string;
  /** Default: the built-in ts-mls engine. */
  readonly engine?: MlsEngine;
  /** Send proposals and commits as PublicMessage (the IETF runner's `-public`); default PrivateMessage. */
  readonly publicHandshake?: boolean;
  /** Each actor's access link to the DS; default 20 ms constant latency, 10 Mbit/s, no loss. */
  readonly link?: LinkParams;
  /** Test hook: replaces bytes the DS forwards (see RelayedMessage). */
  readonly tamper?: Tamper;
  /** Sees every trace record of every script. */
  readonly onTrace?: TraceListener;
}

export const DEFAULT_LINK: LinkParams = { latency: { kind: 'constant', ms: 20 }, bandwidthMbps: 10 };
const DS_SERVICE_MICROS = 100;

/** Parses `fileText` (named `source` in messages) and runs its scripts, or the one named by `options.script`. */
export async function runMlsScripts(fileText: string, source: string, options: MlsScriptOptions = {}): Promise<ScriptReport[]> {
  const file = parseScriptFile(fileText, source);
  const scripts = options.script === undefined ? file.scripts : file.scripts.filter((s) => s.name === options.script);
  if (scripts.length === 0) {
    throw new MlsScriptError(`${source}: no script named ${JSON.stringify(options.script)} (it has ${file.scripts.map((s) => s.name).join(', ')})`);
  }
  const engine = options.engine ?? (await loadEngine('ts-mls'));
  const ciphersuite = checkCiphersuite(engine, options.ciphersuite ?? 1);
  const seed = options.seed ?? 'mls-script';
  if (typeof seed !== 'string') throw new MlsScriptError(`seed: expected a string, got ${typeof seed}`);
  const reports: ScriptReport[] = [];
  for (const script of scripts) {
    reports.push(
      await runScript(script, source, {
        engine,
        ciphersuite,
        seed,
        publicHandshake: options.publicHandshake ?? false,
        link: options.link ?? DEFAULT_LINK,
        dsServiceMicros: DS_SERVICE_MICROS,
        ...(options.tamper !== undefined && { tamper: options.tamper }),
        ...(options.onTrace !== undefined && { onTrace: options.onTrace }),
      }),
    );
  }
  return reports;
}

/** Reads the file at `path` and runs it; an unreadable file is an MlsScriptError naming it. */
export async function runMlsScriptFile(path: string, options: MlsScriptOptions = {}): Promise<ScriptReport[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message ?? e).split('\n')[0];
    throw new MlsScriptError(`${path}: cannot read script file: ${why}`);
  }
  return runMlsScripts(text, path, options);
}

function checkCiphersuite(engine: MlsEngine, suite: unknown): number {
  const ids = engine.ciphersuites.map((c) => c.id);
  if (typeof suite !== 'number' || !ids.includes(suite)) {
    throw new MlsScriptError(`ciphersuite: ${String(suite)} is not supported by engine ${engine.name} (supported: ${ids.join(', ')})`);
  }
  return suite;
}
