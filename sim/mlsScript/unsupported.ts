// Which actions and options an engine cannot run. With the built-in engine every action and option of
// the IETF runner runs, so nothing is reported here at present; this is where a mechanism an engine
// lacks is named (RFC section and field), and a script that uses one is then not run at all but
// reported `unsupported`, with the action, its index and the script.
import type { MlsScript, ScriptAction } from './scriptSchema.ts';

/** Why this action cannot run on an MlsEngine (with the offending field, if it is one), or undefined. */
export function unsupportedReason(a: ScriptAction): string | undefined {
  switch (a.action) {
    case 'createGroup':
    case 'createKeyPackage':
    case 'joinGroup':
    case 'installExternalPSK':
    case 'addProposal':
    case 'updateProposal':
    case 'removeProposal':
    case 'externalPSKProposal':
    case 'preSharedKeyProposal':
    case 'handleCommit':
    case 'handlePendingCommit':
    case 'protect':
    case 'unprotect':
    case 'groupInfo':
    case 'externalJoin':
    case 'fullCommit':
    case 'commit':
    case 'resumptionPSKProposal':
    case 'groupContextExtensionsProposal':
    case 'reinit':
    case 'branch':
    case 'newMemberAddProposal':
    case 'addExternalSigner':
    case 'externalSignerProposal':
      return undefined;
    default: {
      const never: never = a;
      throw new Error(`unhandled action ${JSON.stringify(never)}`);
    }
  }
}

export interface Unsupported {
  readonly index: number;
  readonly action: string;
  readonly reason: string;
}

/** The first action of the script that cannot run, with a reason naming the script, index and action. */
export function firstUnsupported(script: MlsScript): Unsupported | undefined {
  for (const [index, a] of script.actions.entries()) {
    const why = unsupportedReason(a);
    if (why !== undefined) {
      return { index, action: a.action, reason: `action ${index} (${a.action}) of script ${JSON.stringify(script.name)} is not supported: ${why}` };
    }
  }
  return undefined;
}
