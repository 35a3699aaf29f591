// One action of a script, dispatched to its step. Unsupported actions never get here: a script that
// has one is reported before it runs (unsupported.ts).
import type { ScriptAction } from './scriptSchema.ts';
import type { ScriptContext } from './scriptContext.ts';
import { protect, unprotect } from './steps/applicationSteps.ts';
import { commit, fullCommit, handleCommit, handlePendingCommit, joinGroup } from './steps/commitSteps.ts';
import { externalJoin, groupInfo } from './steps/externalJoinSteps.ts';
import { createGroup, createKeyPackage, installExternalPsk } from './steps/groupSteps.ts';
import { addProposal, pskProposal, removeProposal, updateProposal } from './steps/proposalSteps.ts';
import { addExternalSigner, externalSignerProposal, newMemberAddProposal } from './steps/externalSenderSteps.ts';
import { branch, groupContextExtensionsProposal, reinit, resumptionPskProposal } from './steps/resumptionSteps.ts';

export async function runAction(ctx: ScriptContext, step: number, a: ScriptAction): Promise<void> {
  switch (a.action) {
    case 'createGroup':
      return createGroup(ctx, step, a);
    case 'createKeyPackage':
      return createKeyPackage(ctx, step, a);
    case 'installExternalPSK':
      return installExternalPsk(ctx, step, a);
    case 'addProposal':
      return addProposal(ctx, step, a);
    case 'updateProposal':
      return updateProposal(ctx, step, a);
    case 'removeProposal':
      return removeProposal(ctx, step, a);
    case 'externalPSKProposal':
    case 'preSharedKeyProposal':
      return pskProposal(ctx, step, a);
    case 'fullCommit':
      return fullCommit(ctx, step, a);
    case 'commit':
      return commit(ctx, step, a);
    case 'handlePendingCommit':
      return handlePendingCommit(ctx, step, a);
    case 'handleCommit':
      return handleCommit(ctx, step, a);
    case 'joinGroup':
      return joinGroup(ctx, step, a);
    case 'externalJoin':
      return externalJoin(ctx, step, a);
    case 'groupInfo':
      return groupInfo(ctx, step, a);
    case 'protect':
      return protect(ctx, step, a);
    case 'unprotect':
      return unprotect(ctx, step, a);
    case 'resumptionPSKProposal':
      return resumptionPskProposal(ctx, step, a);
    case 'groupContextExtensionsProposal':
      return groupContextExtensionsProposal(ctx, step, a);
    case 'reinit':
      return reinit(ctx, step, a);
    case 'branch':
      return branch(ctx, step, a);
    case 'newMemberAddProposal':
      return newMemberAddProposal(ctx, step, a);
    case 'addExternalSigner':
      return addExternalSigner(ctx, step, a);
    case 'externalSignerProposal':
      return externalSignerProposal(ctx, step, a);
    default: {
      const never: never = a;
      throw new Error(`unhandled action ${JSON.stringify(never)}`);
    }
  }
}
