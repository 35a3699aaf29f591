// Building a commit from an IETF action's `byReference` and `byValue` lists. Key packages added by
// value are fetched from the DS first (one request, one response each way on the committer's link).
import type { CommitResult, LeafIndex, MlsExtension, ReInitParams } from '../../mls/engine.ts';
import { scriptExtensions } from '../extensions.ts';
import { reinitParams } from './resumptionSteps.ts';
import type { ProposalDescription } from '../scriptSchema.ts';
import type { ScriptActor } from '../scriptActor.ts';
import { activeState, output, rejection, traceOp, type ScriptContext } from '../scriptContext.ts';
import { StepFailure } from '../stepFailure.ts';
import { fetched } from './expect.ts';

export interface CommitPlan {
  readonly byReference: readonly number[];
  readonly byValue: readonly ProposalDescription[];
  readonly forcePath: boolean;
  /** The runner's external_tree: the Welcome goes without the ratchet tree, which is sent beside it. */
  readonly externalTree?: boolean;
}

export type StagedCommitResult = Extract<CommitResult, { kind: 'ok' }>;

export async function stageCommit(ctx: ScriptContext, step: number, committer: ScriptActor, plan: CommitPlan): Promise<StagedCommitResult> {
  const { engine } = ctx;
  activeState(ctx, committer); // fail before fetching anything
  const adds = await fetchKeyPackages(ctx, step, committer, plan.byValue);
  const state = activeState(ctx, committer);
  const removes: LeafIndex[] = [];
  const psks: Uint8Array[] = [];
  const resumptionPsks: bigint[] = [];
  let groupContextExtensions: MlsExtension[] | undefined;
  let reinit: ReInitParams | undefined;
  for (const d of plan.byValue) {
    switch (d.proposalType) {
      case 'add':
        break;
      case 'remove':
        removes.push(leafOf(ctx, committer, d.removed));
        break;
      case 'externalPSK':
        psks.push(output(ctx, d.pskID).psk!.id);
        break;
      case 'resumptionPSK':
        resumptionPsks.push(BigInt(d.epochID));
        break;
      case 'groupContextExtensions':
        groupContextExtensions = scriptExtensions(d.extensions);
        break;
      case 'reinit':
        reinit = reinitParams(ctx, state, { changeGroupID: d.changeGroupID, changeSuite: d.changeCipherSuite, extensions: d.extensions });
        break;
      default: {
        const never: never = d;
        throw new Error(`unhandled proposal description ${JSON.stringify(never)}`);
      }
    }
  }
  const pending = plan.byReference.map((i) => {
    const p = output(ctx, i).proposal;
    if (p === undefined) throw new Error(`action ${i} made no proposal (checked at parse time: bug)`);
    return p.ref;
  });
  const r = await engine.commit(state, {
    pending,
    adds,
    removes,
    psks,
    resumptionPsks,
    ...(groupContextExtensions !== undefined && { groupContextExtensions }),
    ...(reinit !== undefined && { reinit }),
    ratchetTreeOutOfBand: plan.externalTree === true,
    forcePath: plan.forcePath,
    publicMessage: ctx.publicHandshake,
  });
  traceOp(ctx, committer, 'commit', state, r.kind === 'ok' ? r.commit.length : 0, r.kind === 'ok' ? 'ok' : r.reason);
  if (r.kind === 'rejected') throw rejection(committer.name, 'commit', r);
  return r;
}

async function fetchKeyPackages(ctx: ScriptContext, step: number, committer: ScriptActor, byValue: readonly ProposalDescription[]): Promise<Uint8Array[]> {
  const sources = byValue.flatMap((d) => (d.proposalType === 'add' ? [d.keyPackage] : []));
  if (sources.length === 0) return [];
  for (const source of sources) ctx.world.fetch(committer, step, 'key-package', source);
  await ctx.world.settle();
  return sources.map((source) => fetched(ctx, step, committer, 'key-package', source, `key package of action ${source}`)[0]!.bytes);
}

/** The leaf of the member called `name` in `actor`'s view of the group. */
export function leafOf(ctx: ScriptContext, actor: ScriptActor, name: string): LeafIndex {
  const state = activeState(ctx, actor);
  const m = ctx.engine.members(state).find((x) => x.identity === name);
  if (m === undefined) throw new StepFailure(`${name} is not a member of the group as ${actor.name} sees it (epoch ${ctx.engine.epoch(state)})`);
  return m.leafIndex;
}
