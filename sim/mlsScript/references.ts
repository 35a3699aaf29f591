// Actions refer to earlier actions' outputs by index, as the IETF runner's message cache does
// (`GetMessage(index, "key_package")`). This file says what each action produces and which of its
// fields are references, so a bad index is caught before anything runs.
import type { ActionName, ProposalDescription, ScriptAction } from './scriptSchema.ts';

/** What an action leaves behind for later actions to use. */
export type OutputKind = 'key package' | 'proposal' | 'PSK' | 'ciphertext' | 'commit' | 'Welcome';

const PROPOSAL_MAKERS: readonly ActionName[] = [
  'addProposal',
  'updateProposal',
  'removeProposal',
  'externalPSKProposal',
  'preSharedKeyProposal',
  'resumptionPSKProposal',
  'groupContextExtensionsProposal',
  'newMemberAddProposal',
  'addExternalSigner',
  'externalSignerProposal',
];

export function outputsOf(action: ActionName): readonly OutputKind[] {
  if (PROPOSAL_MAKERS.includes(action)) return ['proposal'];
  switch (action) {
    case 'createKeyPackage':
      return ['key package'];
    case 'installExternalPSK':
      return ['PSK'];
    case 'protect':
      return ['ciphertext'];
    case 'fullCommit':
    case 'commit':
      return ['commit', 'Welcome'];
    case 'externalJoin':
      return ['commit'];
    default:
      return [];
  }
}

/** A field of an action that holds the index of an earlier action. */
export interface Reference {
  /** Path below the action, e.g. `['byValue', 0, 'keyPackage']`. */
  readonly path: readonly (string | number)[];
  readonly index: number;
  readonly wants: OutputKind;
}

function descriptionRefs(d: ProposalDescription, at: readonly (string | number)[]): Reference[] {
  switch (d.proposalType) {
    case 'add':
      return [{ path: [...at, 'keyPackage'], index: d.keyPackage, wants: 'key package' }];
    case 'externalPSK':
      return [{ path: [...at, 'pskID'], index: d.pskID, wants: 'PSK' }];
    case 'remove':
    case 'resumptionPSK':
    case 'groupContextExtensions':
    case 'reinit':
      return [];
    default: {
      const never: never = d;
      throw new Error(`unhandled proposal description ${JSON.stringify(never)}`);
    }
  }
}

const list = (field: string, indexes: readonly number[] | undefined, wants: OutputKind): Reference[] =>
  (indexes ?? []).map((index, i) => ({ path: [field, i], index, wants }));

export function referencesOf(a: ScriptAction): Reference[] {
  switch (a.action) {
    case 'addProposal':
      return [{ path: ['keyPackage'], index: a.keyPackage, wants: 'key package' }];
    case 'externalPSKProposal':
      return [{ path: ['pskID'], index: a.pskID, wants: 'PSK' }];
    case 'preSharedKeyProposal':
      return [{ path: ['psk'], index: a.psk, wants: 'PSK' }];
    case 'joinGroup':
      return [{ path: ['welcome'], index: a.welcome, wants: 'Welcome' }];
    case 'unprotect':
      return [{ path: ['ciphertext'], index: a.ciphertext, wants: 'ciphertext' }];
    case 'handleCommit':
      return [{ path: ['commit'], index: a.commit, wants: 'commit' }, ...list('byReference', a.byReference, 'proposal')];
    case 'externalJoin':
      return list('psks', a.psks, 'PSK');
    case 'fullCommit':
    case 'commit':
      return [...list('byReference', a.byReference, 'proposal'), ...(a.byValue ?? []).flatMap((d, i) => descriptionRefs(d, ['byValue', i]))];
    case 'externalSignerProposal':
      return descriptionRefs(a.description, ['description']);
    case 'reinit':
      return a.externalReinitProposal === undefined ? [] : [{ path: ['externalReinitProposal'], index: a.externalReinitProposal, wants: 'proposal' }];
    case 'createGroup':
    case 'createKeyPackage':
    case 'installExternalPSK':
    case 'groupInfo':
    case 'updateProposal':
    case 'removeProposal':
    case 'resumptionPSKProposal':
    case 'groupContextExtensionsProposal':
    case 'handlePendingCommit':
    case 'protect':
    case 'branch':
    case 'newMemberAddProposal':
    case 'addExternalSigner':
      return [];
    default: {
      const never: never = a;
      throw new Error(`unhandled action ${JSON.stringify(never)}`);
    }
  }
}

/** Why `ref`, made by action `at` of `actions`, is wrong; undefined if it is fine. */
export function referenceProblem(actions: readonly ScriptAction[], at: number, ref: Reference): string | undefined {
  if (ref.index === at) return `refers to action ${ref.index}, which is this action itself`;
  if (ref.index >= actions.length) return `refers to action ${ref.index}, but the script has only ${actions.length} actions (0-${actions.length - 1})`;
  if (ref.index > at) return `refers to action ${ref.index}, which comes later`;
  const target = actions[ref.index]!;
  if (!outputsOf(target.action).includes(ref.wants)) {
    return `refers to action ${ref.index} (${target.action}), which makes no ${ref.wants}`;
  }
  return undefined;
}
