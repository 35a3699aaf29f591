// Replays IETF MLS interop test-runner scripts (mlswg/mls-implementations interop/configs/*.json) on
// the simulated network. See README.md.
export { runMlsScripts, runMlsScriptFile, DEFAULT_LINK, type MlsScriptOptions } from './runMlsScripts.ts';
export { formatScriptReports } from './formatScriptReports.ts';
export { parseScriptFile, MlsScriptFileError } from './parseScriptFile.ts';
export { MlsScriptError } from './mlsScriptError.ts';
export type { ScriptReport, ScriptStatus, FailedScriptReport } from './scriptReport.ts';
export type { Tamper, RelayedMessage, Item } from './relayProtocol.ts';
export type { MlsScriptFile, MlsScript, ScriptAction, ActionName } from './scriptSchema.ts';
export { ACTION_NAMES } from './scriptSchema.ts';
