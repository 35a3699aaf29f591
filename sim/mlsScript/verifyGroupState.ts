// "Verify group state", as the IETF interop runner does after every commit and join: every member the
// action names must be at the same epoch with the same epoch authenticator (RFC 9420 §8.7). We also
// compare an exporter secret (§8.5) under a fixed label, which checks the whole key schedule.
import { hex, viewOf, activeState, type GroupView, type ScriptContext } from './scriptContext.ts';
import { StepFailure } from './stepFailure.ts';

export interface ExpectedView {
  /** Whose view it is, for the failure message (the committer). */
  readonly by: string;
  readonly view: GroupView;
}

/**
 * Checks that `names` agree with each other (and with `expected`, if given). Throws a StepFailure
 * naming the first member that disagrees and on what; counts one verified epoch otherwise.
 */
export async function verifyGroupState(ctx: ScriptContext, names: readonly string[], expected?: ExpectedView): Promise<void> {
  let reference = expected;
  for (const name of [...new Set(names)]) {
    const actor = ctx.world.actor(name);
    // A state suspended by a committed ReInit (RFC 9420 §11.2) still has an epoch to agree on.
    const state = actor.state !== undefined && ctx.engine.pendingReInit(actor.state) !== undefined ? actor.state : activeState(ctx, actor);
    const view = await viewOf(ctx, state);
    const problem = reference === undefined ? undefined : disagreement(name, view, reference);
    ctx.world.trace.emit({
      type: 'verify',
      t: ctx.world.sim.now,
      group: hex(ctx.engine.groupId(state)),
      epoch: Number(view.epoch),
      by: actor.node,
      ok: problem === undefined,
    });
    if (problem !== undefined) throw new StepFailure(problem);
    reference ??= { by: name, view };
  }
  ctx.epochsVerified++;
}

function disagreement(name: string, view: GroupView, ref: ExpectedView): string | undefined {
  if (view.epoch !== ref.view.epoch) return `verify group state: ${name} is at epoch ${view.epoch}, ${ref.by} at epoch ${ref.view.epoch}`;
  if (hex(view.authenticator) !== hex(ref.view.authenticator)) {
    return `verify group state: ${name} and ${ref.by} have different epoch authenticators at epoch ${view.epoch}`;
  }
  if (hex(view.exporter) !== hex(ref.view.exporter)) {
    return `verify group state: ${name} and ${ref.by} export different secrets at epoch ${view.epoch}`;
  }
  return undefined;
}
