// Which actions and options the MlsEngine interface cannot express. A script that uses one is not run
// at all and is reported `unsupported`, naming the action, its index and the script.
import type { MlsScript, ProposalDescription, ScriptAction } from './scriptSchema.ts';

const TREE = 'the MlsEngine interface always carries the ratchet tree inside the Welcome/GroupInfo';

function descriptionGap(d: ProposalDescription): string | undefined {
  switch (d.proposalType) {
    case 'add':
    case 'remove':
    case 'externalPSK':
      return undefined;
    case 'resumptionPSK':
      return 'resumption PSKs are not in the MlsEngine interface (proposePsk and commit take external PSK ids only)';
    case 'groupContextExtensions':
      return 'the MlsEngine interface has no GroupContextExtensions proposal';
    case 'reinit':
      return 'the MlsEngine interface has no ReInit proposal';
    default: {
      const never: never = d;
      throw new Error(`unhandled proposal description ${JSON.stringify(never)}`);
    }
  }
}

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
      return undefined;
    case 'groupInfo':
      return a.externalTree === true ? `externalTree: ${TREE}` : undefined;
    case 'externalJoin':
      if (a.externalTree === true) return `externalTree: ${TREE}`;
      if (a.removePrior === true) return 'removePrior: joinExternal cannot remove a prior leaf of the joiner (resync)';
      if ((a.psks ?? []).length > 0) return 'psks: joinExternal takes no PSKs';
      return undefined;
    case 'fullCommit':
    case 'commit': {
      if (a.external_tree === true) return `external_tree: ${TREE}`;
      for (const [i, d] of (a.byValue ?? []).entries()) {
        const gap = descriptionGap(d);
        if (gap !== undefined) return `byValue[${i}] (${d.proposalType}): ${gap}`;
      }
      return undefined;
    }
    case 'resumptionPSKProposal':
      return 'resumption PSKs are not in the MlsEngine interface (proposePsk takes external PSK ids only)';
    case 'groupContextExtensionsProposal':
      return 'the MlsEngine interface has no GroupContextExtensions proposal';
    case 'reinit':
      return 'the MlsEngine interface has no ReInit proposal or reinit Welcome';
    case 'branch':
      return 'the MlsEngine interface cannot create a branch group with a resumption PSK';
    case 'newMemberAddProposal':
      return 'the MlsEngine interface has no new-member (self-signed) Add proposal';
    case 'addExternalSigner':
      return 'the MlsEngine interface has no external_senders extension or external signers';
    case 'externalSignerProposal':
      return 'the MlsEngine interface has no external signers';
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
