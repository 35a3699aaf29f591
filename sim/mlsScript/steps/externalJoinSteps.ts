// externalJoin and groupInfo. An external join (RFC 9420 §12.4.3.2): the member `actor` posts a
// GroupInfo, the DS forwards it to the joiner, who makes an external commit and posts it; the DS
// forwards it to `actor` and `members` and acks the joiner, who then adopts its new state. With
// `externalTree` the GroupInfo goes without the ratchet tree and the DS hands the tree over beside it;
// `removePrior` is a resync (the joiner removes its own old leaf); `psks` are injected in the commit.
// A joiner that is already in the group must resync: a plain external join by a member fails.
import type { ActionOf } from '../scriptSchema.ts';
import { activeState, ensureKeys, hex, output, rejection, traceOp, viewOf, withPsks, type ScriptContext } from '../scriptContext.ts';
import { StepFailure } from '../stepFailure.ts';
import { verifyGroupState } from '../verifyGroupState.ts';
import { dedupe, expectApplied, expectNothingLost, fetched } from './expect.ts';

export async function externalJoin(ctx: ScriptContext, step: number, a: ActionOf<'externalJoin'>): Promise<void> {
  const { engine, world } = ctx;
  const giver = world.actor(a.actor);
  const joiner = world.actor(a.joiner);
  const members = dedupe(a.members ?? [], [a.actor, a.joiner]);
  for (const n of members) world.actor(n);

  const state = activeState(ctx, giver);
  const inGroup = joiner.state !== undefined && engine.isActive(joiner.state) && hex(engine.groupId(joiner.state)) === hex(engine.groupId(state));
  if (inGroup && a.removePrior !== true) {
    throw new StepFailure(`${a.joiner} is already a member of the group; an external join by a member must remove its prior leaf (removePrior, RFC 9420 §12.4.3.2)`);
  }
  const external = a.externalTree === true;
  const groupInfo = await engine.groupInfo(state, { ratchetTree: !external });
  traceOp(ctx, giver, 'group-info', state, groupInfo.length, 'ok');
  world.post(giver, step, 'group-info', groupInfo, [joiner.name]);
  if (external) world.post(giver, step, 'ratchet-tree', engine.ratchetTree(state), [joiner.name]);
  await world.settle();
  const [gi] = fetched(ctx, step, joiner, 'group-info', step, `GroupInfo from ${a.actor}`);
  const tree = external ? fetched(ctx, step, joiner, 'ratchet-tree', step, `ratchet tree from ${a.actor}`)[0]!.bytes : undefined;
  // The runner hands the joiner the PSKs themselves (id and secret), whether or not it installed them.
  const psks = (a.psks ?? []).map((i) => output(ctx, i).psk!);

  const r = await engine.joinExternal(await ensureKeys(ctx, joiner), gi!.bytes, {
    ...(a.removePrior === true && { removePrior: true }),
    ...(psks.length > 0 && { psks }),
    ...(tree !== undefined && { ratchetTree: tree }),
  });
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
  const gi = await ctx.engine.groupInfo(state, { ratchetTree: a.externalTree !== true });
  traceOp(ctx, actor, 'group-info', state, gi.length, 'ok');
  ctx.world.post(actor, step, 'group-info', gi, []);
  if (a.externalTree === true) ctx.world.post(actor, step, 'ratchet-tree', ctx.engine.ratchetTree(state), []);
  await ctx.world.settle();
  expectNothingLost(ctx, step);
  ctx.outputs.set(step, {});
}
