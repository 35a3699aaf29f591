// The actions of the IETF MLS interop test runner (mlswg/mls-implementations, interop/test-runner and
// interop/configs/*.json), as zod schemas. Field names are the runner's, including its mix of
// `force_path` (commits) and `forcePath` (reinit). Actions refer to earlier actions by their index
// in the script; `references.ts` checks those. Every action the runner knows has a schema here, even
// those this replayer cannot run, so that a typo is a schema error and a known but unsupported action
// is reported per script.
import { z } from 'zod';

const actor = z.string().min(1);
const actors = z.array(actor);
/** The index of an earlier action in the same script. */
const index = z.number().int().nonnegative();
/** Group-context or leaf extensions, in either form the IETF configs use; only unsupported actions take them. */
const base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'expected base64');
const uint16 = z.number().int().min(0).max(0xffff);
const extensions = z.union([
  z.array(z.strictObject({ extension_type: uint16, extension_data: base64 })),
  z.record(z.string().regex(/^\d+$/, 'expected an extension type number'), base64),
]);
export type ScriptExtensions = z.infer<typeof extensions>;

/** A proposal described inline in a commit (`byValue`), or by an external signer. */
export const proposalDescriptionSchema = z.discriminatedUnion('proposalType', [
  z.strictObject({ proposalType: z.literal('add'), keyPackage: index }),
  z.strictObject({ proposalType: z.literal('remove'), removed: actor }),
  z.strictObject({ proposalType: z.literal('externalPSK'), pskID: index }),
  z.strictObject({ proposalType: z.literal('resumptionPSK'), epochID: z.number().int().nonnegative() }),
  z.strictObject({ proposalType: z.literal('groupContextExtensions'), extensions }),
  z.strictObject({
    proposalType: z.literal('reinit'),
    extensions: extensions.optional(),
    changeGroupID: z.boolean().optional(),
    changeCipherSuite: z.boolean().optional(),
  }),
]);
export type ProposalDescription = z.infer<typeof proposalDescriptionSchema>;

const commitFields = {
  actor,
  byReference: z.array(index).optional(),
  byValue: z.array(proposalDescriptionSchema).optional(),
  force_path: z.boolean().optional(),
  external_tree: z.boolean().optional(),
};

/** Schemas by action name. */
export const ACTION_SCHEMAS = {
  createGroup: z.strictObject({ action: z.literal('createGroup'), actor, members: actors.optional() }),
  createKeyPackage: z.strictObject({ action: z.literal('createKeyPackage'), actor }),
  joinGroup: z.strictObject({ action: z.literal('joinGroup'), actor, welcome: index }),
  externalJoin: z.strictObject({
    action: z.literal('externalJoin'),
    actor,
    joiner: actor,
    members: actors.optional(),
    externalTree: z.boolean().optional(),
    removePrior: z.boolean().optional(),
    psks: z.array(index).optional(),
  }),
  installExternalPSK: z.strictObject({ action: z.literal('installExternalPSK'), clients: actors.min(1), actor: actor.optional() }),
  groupInfo: z.strictObject({ action: z.literal('groupInfo'), actor, externalTree: z.boolean().optional() }),
  addProposal: z.strictObject({ action: z.literal('addProposal'), actor, keyPackage: index }),
  updateProposal: z.strictObject({ action: z.literal('updateProposal'), actor }),
  removeProposal: z.strictObject({ action: z.literal('removeProposal'), actor, removed: actor }),
  externalPSKProposal: z.strictObject({ action: z.literal('externalPSKProposal'), actor, pskID: index }),
  /** welcome_join.json spells the external PSK proposal this way. */
  preSharedKeyProposal: z.strictObject({ action: z.literal('preSharedKeyProposal'), actor, psk: index }),
  resumptionPSKProposal: z.strictObject({ action: z.literal('resumptionPSKProposal'), actor, epochID: z.number().int().nonnegative() }),
  groupContextExtensionsProposal: z.strictObject({ action: z.literal('groupContextExtensionsProposal'), actor, extensions }),
  fullCommit: z.strictObject({ action: z.literal('fullCommit'), ...commitFields, members: actors.optional(), joiners: actors.optional() }),
  commit: z.strictObject({ action: z.literal('commit'), ...commitFields }),
  handleCommit: z.strictObject({ action: z.literal('handleCommit'), actor, commit: index, byReference: z.array(index).optional() }),
  handlePendingCommit: z.strictObject({ action: z.literal('handlePendingCommit'), actor }),
  protect: z.strictObject({ action: z.literal('protect'), actor, authenticatedData: z.string().optional(), plaintext: z.string().optional() }),
  unprotect: z.strictObject({ action: z.literal('unprotect'), actor, ciphertext: index }),
  reinit: z.strictObject({
    action: z.literal('reinit'),
    actor: actor.optional(),
    proposer: actor.optional(),
    committer: actor,
    welcomer: actor,
    members: actors.optional(),
    changeCipherSuite: z.boolean().optional(),
    changeCiphersuite: z.boolean().optional(),
    changeGroupID: z.boolean().optional(),
    extensions: extensions.optional(),
    forcePath: z.boolean().optional(),
    externalTree: z.boolean().optional(),
    externalReinitProposal: index.optional(),
  }),
  branch: z.strictObject({
    action: z.literal('branch'),
    actor,
    members: actors.optional(),
    force_path: z.boolean().optional(),
    forcePath: z.boolean().optional(),
    external_tree: z.boolean().optional(),
    externalTree: z.boolean().optional(),
    extensions: extensions.optional(),
  }),
  newMemberAddProposal: z.strictObject({ action: z.literal('newMemberAddProposal'), actor, joiner: actor }),
  addExternalSigner: z.strictObject({ action: z.literal('addExternalSigner'), actor, signer: actor }),
  externalSignerProposal: z.strictObject({ action: z.literal('externalSignerProposal'), actor, member: actor, description: proposalDescriptionSchema }),
} as const;

export type ActionName = keyof typeof ACTION_SCHEMAS;
export const ACTION_NAMES = Object.keys(ACTION_SCHEMAS) as ActionName[];

export const isActionName = (s: unknown): s is ActionName => typeof s === 'string' && Object.hasOwn(ACTION_SCHEMAS, s);

/** One action of a script: a tagged union on `action`. */
export type ScriptAction = { [K in ActionName]: z.infer<(typeof ACTION_SCHEMAS)[K]> }[ActionName];
export type ActionOf<K extends ActionName> = Extract<ScriptAction, { action: K }>;

export interface MlsScript {
  readonly name: string;
  readonly actions: readonly ScriptAction[];
}

/** A parsed and checked script file: its scripts in file order. */
export interface MlsScriptFile {
  readonly source: string;
  readonly scripts: readonly MlsScript[];
}
