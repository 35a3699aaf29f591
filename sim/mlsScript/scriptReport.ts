import type { SimTime } from '../core/index.ts';

export type ScriptStatus = 'pass' | 'fail' | 'unsupported';

interface ReportFields {
  /** The file (or label) the script came from. */
  readonly source: string;
  readonly name: string;
  readonly ciphersuite: number;
  /** Actions in the script. */
  readonly actions: number;
  /** Actions that completed. */
  readonly actionsRun: number;
  /** Commits and joins after which every named member agreed on the group state. */
  readonly epochsVerified: number;
  /** Bytes over every link hop (actor -> DS and DS -> actor both count). */
  readonly wireBytes: number;
  readonly envelopes: number;
  /** Virtual time when the script ended (or failed), µs. */
  readonly virtualTime: SimTime;
  /** SHA-256 of the script's trace: same seed, same digest. Empty for a script that did not run (unsupported). */
  readonly traceDigest: string;
}

/** One script's result: a tagged union on `status`; only failures name an action and a reason. */
export type ScriptReport =
  | (ReportFields & { readonly status: 'pass' })
  | (ReportFields & {
      readonly status: 'fail' | 'unsupported';
      /** Index of the action that failed or cannot run. */
      readonly failedAction: number;
      readonly failedActionName: string;
      /** One line. */
      readonly reason: string;
      /** Set when the engine (or this code) threw instead of returning a result; keeps the stack. */
      readonly error?: Error;
    });

/** A report that did not pass: it names the action and the reason. */
export type FailedScriptReport = Exclude<ScriptReport, { readonly status: 'pass' }>;
