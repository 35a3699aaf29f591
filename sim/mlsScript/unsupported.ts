// Which actions and options an engine cannot run. Every action of the IETF runner runs on the built-in
// engine now; what is left are combinations the RFC itself rules out or the runner leaves unspecified.
// A script that uses one is not run at all and is reported `unsupported`, naming the action, its index
// and the script, and the RFC mechanism that is missing.
import type { MlsScript, ScriptAction } from './scriptSchema.ts';

/** Why this action cannot run on an MlsEngine (with the offending field, if it is one), or undefined. */
export function unsupportedReason(a: ScriptAction): string | undefined {
  switch (a.action) {
    case 'reinit':
      if (a.proposer === undefined && a.actor === undefined && a.externalReinitProposal === undefined) {
        return 'a ReInit (RFC 9420 §12.1.5) needs a proposer or an externalReinitProposal';
      }
      return undefined;
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
