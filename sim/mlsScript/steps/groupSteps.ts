// createGroup, createKeyPackage, installExternalPSK.
import type { ActionOf } from '../scriptSchema.ts';
import { ensureKeys, newKeyPackage, rejection, traceOp, withPsks, type ScriptContext } from '../scriptContext.ts';
import { StepFailure } from '../stepFailure.ts';
import { verifyGroupState } from '../verifyGroupState.ts';
import { dedupe, expectApplied, expectNothingLost, fetched } from './expect.ts';

/**
 * The actor creates the group. With `members`, each of them uploads a key package, the creator fetches
 * them all, commits Adds by value and, once the DS accepts, sends the Welcome; everyone verifies.
 */
export async function createGroup(ctx: ScriptContext, step: number, a: ActionOf<'createGroup'>): Promise<void> {
  const { engine, world } = ctx;
  const creator = world.actor(a.actor);
  const keys = await ensureKeys(ctx, creator);
  const groupId = world.streams.stream(`mls-script/${ctx.script}#group-id`).bytes(16);
  const { state } = await engine.createGroup(keys, groupId);
  creator.state = withPsks(ctx, creator, state);
  creator.staged.clear();
  traceOp(ctx, creator, 'create-group', state, 0, 'ok');
  ctx.outputs.set(step, {});
  const members = dedupe(a.members ?? [], [a.actor]);
  if (members.length === 0) return;

  for (const name of members) {
    const m = world.actor(name);
    world.post(m, step, 'key-package', await newKeyPackage(ctx, m), []);
  }
  await world.settle();
  expectNothingLost(ctx, step);
  world.fetch(creator, step, 'key-package', step);
  await world.settle();
  const got = fetched(ctx, step, creator, 'key-package', step, 'members\u2019 key packages');
  const adds = members.map((name) => {
    const entry = got.find((e) => e.origin === name);
    if (entry === undefined) throw new StepFailure(`${a.actor} never received ${name}'s key package`);
    return entry.bytes;
  });
  const r = await engine.commit(creator.state, { adds, publicMessage: ctx.publicHandshake });
  traceOp(ctx, creator, 'commit', creator.state, r.kind === 'ok' ? r.commit.length : 0, r.kind === 'ok' ? 'ok' : r.reason);
  if (r.kind === 'rejected') throw rejection(a.actor, 'commit', r);
  creator.staged.set(step, { state: r.state, joiners: members, ...(r.welcome !== undefined && { welcome: r.welcome }) });
  world.post(creator, step, 'commit', r.commit, [], true);
  await world.settle();
  expectApplied(ctx, step, 'commit', [a.actor], 'acceptance of its commit');
  expectApplied(ctx, step, 'welcome', members, 'Welcome');
  await verifyGroupState(ctx, [a.actor, ...members]);
}

/** The actor makes a key package and uploads it to the DS, where add actions fetch it. */
export async function createKeyPackage(ctx: ScriptContext, step: number, a: ActionOf<'createKeyPackage'>): Promise<void> {
  const actor = ctx.world.actor(a.actor);
  ctx.world.post(actor, step, 'key-package', await newKeyPackage(ctx, actor), []);
  await ctx.world.settle();
  expectNothingLost(ctx, step);
  ctx.outputs.set(step, { keyPackage: true });
}

/**
 * A fresh external PSK (id and secret from the script's own stream) given to each client out of band,
 * as the IETF runner does: into its group state if it has one, and kept for groups it joins later.
 */
export function installExternalPsk(ctx: ScriptContext, step: number, a: ActionOf<'installExternalPSK'>): void {
  const stream = ctx.world.streams.stream(`mls-script/${ctx.script}#psk`);
  const psk = { id: stream.bytes(32), secret: stream.bytes(32) };
  for (const name of dedupe(a.clients)) {
    const actor = ctx.world.actor(name);
    actor.psks.push(psk);
    if (actor.state !== undefined) actor.state = ctx.engine.installExternalPsk(actor.state, psk).state;
  }
  ctx.outputs.set(step, { psk });
}
