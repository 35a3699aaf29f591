// externalJoin and groupInfo. An external join (RFC 9420 §12.4.3.2): the member `actor` posts a
// GroupInfo, the DS forwards it to the joiner, who makes an external commit and posts it; the DS
// forwards it to `actor` and `members` and acks the joiner, who then adopts its new state.
import type { ActionOf } from '../scriptSchema.ts';
import { activeState, ensureKeys, rejection, traceOp, viewOf, withPsks, type ScriptContext } from '../scriptContext.ts';
import { verifyGroupState } from '../verifyGroupState.ts';
import { dedupe, expectApplied, expectNothingLost, fetched } from './expect.ts';

export async function externalJoin(ctx: ScriptContext, step: number, a: ActionOf<'externalJoin'>): Promise<void> {
  const { engine, world } = ctx;
  const giver = world.actor(a.actor);
  const joiner = world.actor(a.joiner);
  const members = dedupe(a.members ?? [], [a.actor, a.joiner]);
  for (const n of members) world.actor(n);

  const state = activeState(ctx, giver);
  const groupInfo = await engine.groupInfo(state);
  traceOp(ctx, giver, 'group-info', state, groupInfo.length, 'ok');
  world.post(giver, step, 'group-info', groupInfo, [joiner.name]);
  await world.settle();
  const [gi] = fetched(ctx, step, joiner, 'group-info', step, `GroupInfo from ${a.actor}`);

  const r = await engine.joinExternal(await ensureKeys(ctx, joiner), gi!.bytes);
  traceOp(ctx, joiner, 'join-external', r.kind === 'ok' ? r.state : undefined, r.kind === 'ok' ? r.commit.length : 0, r.kind === 'ok' ? 'ok' : r.reason);
  if (r.kind === 'rejected') throw rejection(a.joiner, 'external join', r);
  const staged = withPsks(ctx, joiner, r.state);
  joiner.staged.set(step, { state: staged, joiners: [] });
  world.post(joiner, step, 'commit', r.commit, [giver.name, ...members], true);
  await world.settle();
  expectApplied(ctx, step, 'commit', [joiner.name], 'acceptance of its external commit');
  expectApplied(ctx, step, 'commit', [giver.name, ...members], 'external commit');
  await verifyGroupState(ctx, [joiner.name, giver.name, ...members]);
  ctx.outputs.set(step, { commit: { committer: joiner.name, view: await viewOf(ctx, staged), welcome: false } });
}

/** The actor posts a GroupInfo for its current epoch to the DS. */
export async function groupInfo(ctx: ScriptContext, step: number, a: ActionOf<'groupInfo'>): Promise<void> {
  const actor = ctx.world.actor(a.actor);
  const state = activeState(ctx, actor);
  const gi = await ctx.engine.groupInfo(state);
  traceOp(ctx, actor, 'group-info', state, gi.length, 'ok');
  ctx.world.post(actor, step, 'group-info', gi, []);
  await ctx.world.settle();
  expectNothingLost(ctx, step);
  ctx.outputs.set(step, {});
}
