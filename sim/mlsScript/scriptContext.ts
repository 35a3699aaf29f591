// What the actions of one script share while it runs, and small helpers they all use.
import type { ExternalPsk, GroupState, MemberKeys, MlsEngine, RejectReason } from '../mls/engine.ts';
import type { ScriptActor } from './scriptActor.ts';
import type { ScriptWorld } from './scriptWorld.ts';
import { StepFailure } from './stepFailure.ts';

/** The group as one member sees it: what "verify group state" compares. */
export interface GroupView {
  readonly epoch: bigint;
  readonly authenticator: Uint8Array;
  readonly exporter: Uint8Array;
}

/** What an action left for later actions (the IETF runner's message cache, minus the bytes, which sit at the DS). */
export interface StepOutput {
  readonly keyPackage?: true;
  readonly proposal?: { readonly ref: Uint8Array };
  readonly psk?: ExternalPsk;
  readonly ciphertext?: { readonly plaintext: Uint8Array; readonly authenticatedData: Uint8Array };
  /** The epoch a commit leads to, as its committer computed it; `welcome` if it produced one. */
  readonly commit?: { readonly committer: string; readonly view: GroupView; readonly welcome: boolean; readonly ratchetTree?: boolean };
}

export interface ScriptContext {
  readonly engine: MlsEngine;
  readonly world: ScriptWorld;
  readonly script: string;
  readonly ciphersuite: number;
  /** The suite new keys and key packages use: the script's, until a ReInit changes it (as the runner does). */
  suite: number;
  /** Send proposals and commits as PublicMessage instead of PrivateMessage. */
  readonly publicHandshake: boolean;
  readonly outputs: Map<number, StepOutput>;
  epochsVerified: number;
}

/** The exporter label every verified member must agree on (RFC 9420 §8.5). */
export const EXPORTER_LABEL = 'interop-sim mls-script';

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function output(ctx: ScriptContext, index: number): StepOutput {
  const out = ctx.outputs.get(index);
  if (out === undefined) throw new Error(`action ${index} left no output (references are checked at parse time: bug)`);
  return out;
}

/** The actor's member keys for a suite (default: the current one), made on first use from its own random stream. */
export async function ensureKeys(ctx: ScriptContext, actor: ScriptActor, suite = ctx.suite): Promise<MemberKeys> {
  let keys = actor.keys.get(suite);
  if (keys === undefined) {
    keys = await ctx.engine.createMember({ identity: actor.name, ciphersuite: suite, randomBytes: actor.randomBytes });
    actor.keys.set(suite, keys);
  }
  return keys;
}

/** A fresh key package of the actor in the current suite, kept for a later join and returned as bytes. */
export async function newKeyPackage(ctx: ScriptContext, actor: ScriptActor): Promise<Uint8Array> {
  const keys = await ensureKeys(ctx, actor);
  const kp = await ctx.engine.generateKeyPackage(keys);
  actor.keyPackages.push({ private: kp.keyPackagePrivate, keys, suite: ctx.suite });
  traceOp(ctx, actor, 'key-package', undefined, kp.keyPackage.length, 'ok');
  return kp.keyPackage;
}

export function activeState(ctx: ScriptContext, actor: ScriptActor): GroupState {
  if (actor.state === undefined) throw new StepFailure(`${actor.name} has no group state (it never created or joined a group)`);
  if (!ctx.engine.isActive(actor.state)) throw new StepFailure(`${actor.name} was removed from the group`);
  return actor.state;
}

/** A group state with every external PSK the actor holds installed. */
export function withPsks(ctx: ScriptContext, actor: ScriptActor, state: GroupState): GroupState {
  let s = state;
  for (const psk of actor.psks) s = ctx.engine.installExternalPsk(s, psk).state;
  return s;
}

export function rejection(who: string, what: string, r: { readonly reason: RejectReason | string; readonly detail: string }): StepFailure {
  return new StepFailure(`${who}: ${what} rejected (${r.reason}): ${r.detail}`);
}

/** Current members of the group as `state` sees it, other than its owner: who gets a proposal. */
export function otherMembers(ctx: ScriptContext, state: GroupState, self: string): string[] {
  const names = ctx.engine.members(state).map((m) => m.identity);
  return [...new Set(names)].filter((n) => n !== self && ctx.world.has(n));
}

export async function viewOf(ctx: ScriptContext, state: GroupState): Promise<GroupView> {
  return {
    epoch: ctx.engine.epoch(state),
    authenticator: ctx.engine.epochAuthenticator(state),
    exporter: await ctx.engine.exportSecret(state, EXPORTER_LABEL, utf8(ctx.script), 32),
  };
}

/** Emits an `mls` trace record for an operation, so the digest covers what each actor did. */
export function traceOp(ctx: ScriptContext, actor: ScriptActor, op: string, state: GroupState | undefined, bytes: number, outcome: string): void {
  ctx.world.trace.emit({
    type: 'mls',
    t: ctx.world.sim.now,
    op,
    by: actor.node,
    group: state === undefined ? '' : hex(ctx.engine.groupId(state)),
    epoch: state === undefined ? -1 : Number(ctx.engine.epoch(state)),
    bytes,
    outcome,
  });
}
