// fullCommit (commit, apply everywhere, join, verify) and the split form the runner also has:
// commit, handlePendingCommit, handleCommit, joinGroup.
import type { ActionOf } from '../scriptSchema.ts';
import { output, traceOp, viewOf, type ScriptContext } from '../scriptContext.ts';
import { StepFailure } from '../stepFailure.ts';
import { verifyGroupState } from '../verifyGroupState.ts';
import { dedupe, expectApplied, expectNothingLost } from './expect.ts';
import { stageCommit } from './stageCommit.ts';

/**
 * The committer posts its commit to the DS, which forwards it to `members` and acks the committer;
 * on the ack the committer adopts the new epoch and posts the Welcome, which the DS forwards to
 * `joiners`. Then committer, members and joiners must agree on the group state.
 */
export async function fullCommit(ctx: ScriptContext, step: number, a: ActionOf<'fullCommit'>): Promise<void> {
  const { world } = ctx;
  const committer = world.actor(a.actor);
  const members = dedupe(a.members ?? [], [a.actor]);
  const joiners = dedupe(a.joiners ?? [], [a.actor]);
  for (const n of [...members, ...joiners]) world.actor(n);
  const r = await stageCommit(ctx, step, committer, plan(a));
  if (joiners.length > 0 && r.welcome === undefined) {
    throw new StepFailure(`joiners ${joiners.join(', ')} are named, but the commit adds nobody, so there is no Welcome`);
  }
  committer.staged.set(step, {
    state: r.state,
    joiners,
    ...(r.welcome !== undefined && { welcome: r.welcome }),
    ...(r.ratchetTree !== undefined && { ratchetTree: r.ratchetTree }),
  });
  world.post(committer, step, 'commit', r.commit, members, true);
  await world.settle();
  expectApplied(ctx, step, 'commit', [committer.name], 'acceptance of its commit');
  expectApplied(ctx, step, 'commit', members, 'commit');
  expectApplied(ctx, step, 'welcome', joiners, 'Welcome');
  await verifyGroupState(ctx, [committer.name, ...members, ...joiners]);
  ctx.outputs.set(step, { commit: { committer: committer.name, view: await viewOf(ctx, r.state), welcome: r.welcome !== undefined, ratchetTree: r.ratchetTree !== undefined } });
}

const plan = (a: ActionOf<'fullCommit'> | ActionOf<'commit'>) => ({
  byReference: a.byReference ?? [],
  byValue: a.byValue ?? [],
  forcePath: a.force_path ?? false,
  externalTree: a.external_tree ?? false,
});

/** Makes and stages a commit; the DS stores it and its Welcome for later handleCommit / joinGroup. */
export async function commit(ctx: ScriptContext, step: number, a: ActionOf<'commit'>): Promise<void> {
  const committer = ctx.world.actor(a.actor);
  const r = await stageCommit(ctx, step, committer, plan(a));
  committer.staged.set(step, { state: r.state, joiners: [] });
  ctx.world.post(committer, step, 'commit', r.commit, []);
  if (r.ratchetTree !== undefined) ctx.world.post(committer, step, 'ratchet-tree', r.ratchetTree, []);
  if (r.welcome !== undefined) ctx.world.post(committer, step, 'welcome', r.welcome, []);
  await ctx.world.settle();
  expectNothingLost(ctx, step);
  ctx.outputs.set(step, { commit: { committer: committer.name, view: await viewOf(ctx, r.state), welcome: r.welcome !== undefined, ratchetTree: r.ratchetTree !== undefined } });
}

/** The committer adopts its most recent staged commit (no network: the DS already has it). */
export async function handlePendingCommit(ctx: ScriptContext, step: number, a: ActionOf<'handlePendingCommit'>): Promise<void> {
  const actor = ctx.world.actor(a.actor);
  const latest = Math.max(-1, ...actor.staged.keys());
  const staged = actor.staged.get(latest);
  if (staged === undefined) throw new StepFailure(`${a.actor} has no pending commit`);
  actor.staged.clear();
  actor.state = staged.state;
  traceOp(ctx, actor, 'adopt-commit', staged.state, 0, 'ok');
  ctx.outputs.set(step, {});
}

/** The actor fetches the commit of action `commit` from the DS, processes it and must reach the committer's epoch. */
export async function handleCommit(ctx: ScriptContext, step: number, a: ActionOf<'handleCommit'>): Promise<void> {
  const made = output(ctx, a.commit).commit!;
  const actor = ctx.world.actor(a.actor);
  ctx.world.fetch(actor, step, 'commit', a.commit);
  await ctx.world.settle();
  expectApplied(ctx, step, 'commit', [actor.name], `commit of action ${a.commit}`);
  await verifyGroupState(ctx, [actor.name], { by: made.committer, view: made.view });
  ctx.outputs.set(step, {});
}

/** The actor fetches the Welcome of action `welcome`, joins, and must reach the committer's epoch. */
export async function joinGroup(ctx: ScriptContext, step: number, a: ActionOf<'joinGroup'>): Promise<void> {
  const made = output(ctx, a.welcome).commit;
  if (made === undefined || !made.welcome) throw new StepFailure(`action ${a.welcome} produced no Welcome (its commit added nobody)`);
  const actor = ctx.world.actor(a.actor);
  if (made.ratchetTree === true) ctx.world.fetch(actor, step, 'ratchet-tree', a.welcome); // arrives before the Welcome
  ctx.world.fetch(actor, step, 'welcome', a.welcome);
  await ctx.world.settle();
  expectApplied(ctx, step, 'welcome', [actor.name], `Welcome of action ${a.welcome}`);
  await verifyGroupState(ctx, [actor.name], { by: made.committer, view: made.view });
  ctx.outputs.set(step, {});
}
