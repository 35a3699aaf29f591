// addProposal, updateProposal, removeProposal, externalPSKProposal / preSharedKeyProposal: the
// proposer makes the proposal and posts it; the DS forwards it to every other current member, who
// processes it on arrival so that a later commit can include it by reference.
import type { ProposalResult } from '../../mls/engine.ts';
import type { ActionOf } from '../scriptSchema.ts';
import type { ScriptActor } from '../scriptActor.ts';
import { activeState, otherMembers, output, rejection, traceOp, type ScriptContext } from '../scriptContext.ts';
import { fetched, receiptOf } from './expect.ts';
import { leafOf } from './stageCommit.ts';

/**
 * Members that never processed the latest commit (the script did not name them) are still in the
 * proposer's member list; they answer with one of these, which is expected and not a failure.
 */
export const STALE = new Set(['wrong-epoch', 'no-state', 'not-member']);

export async function sendProposal(ctx: ScriptContext, step: number, proposer: ScriptActor, what: string, make: () => Promise<ProposalResult>): Promise<Uint8Array> {
  const before = activeState(ctx, proposer);
  const r = await make();
  traceOp(ctx, proposer, what, before, r.kind === 'ok' ? r.proposal.length : 0, r.kind === 'ok' ? 'ok' : r.reason);
  if (r.kind === 'rejected') throw rejection(proposer.name, what, r);
  proposer.state = r.state;
  const recipients = otherMembers(ctx, r.state, proposer.name);
  ctx.world.post(proposer, step, 'proposal', r.proposal, recipients);
  await ctx.world.settle();
  for (const name of recipients) {
    const receipt = receiptOf(ctx, step, name, 'proposal', what);
    if (receipt.kind === 'rejected' && !STALE.has(receipt.reason)) throw rejection(name, what, receipt);
  }
  ctx.outputs.set(step, { proposal: { ref: r.ref } });
  return r.ref;
}

export const handshake = (ctx: ScriptContext) => ({ publicMessage: ctx.publicHandshake });

export async function addProposal(ctx: ScriptContext, step: number, a: ActionOf<'addProposal'>): Promise<void> {
  const proposer = ctx.world.actor(a.actor);
  activeState(ctx, proposer);
  ctx.world.fetch(proposer, step, 'key-package', a.keyPackage);
  await ctx.world.settle();
  const [kp] = fetched(ctx, step, proposer, 'key-package', a.keyPackage, `key package of action ${a.keyPackage}`);
  await sendProposal(ctx, step, proposer, 'add proposal', () => ctx.engine.proposeAdd(activeState(ctx, proposer), kp!.bytes, handshake(ctx)));
}

export async function updateProposal(ctx: ScriptContext, step: number, a: ActionOf<'updateProposal'>): Promise<void> {
  const proposer = ctx.world.actor(a.actor);
  await sendProposal(ctx, step, proposer, 'update proposal', () => ctx.engine.proposeUpdate(activeState(ctx, proposer), handshake(ctx)));
}

export async function removeProposal(ctx: ScriptContext, step: number, a: ActionOf<'removeProposal'>): Promise<void> {
  const proposer = ctx.world.actor(a.actor);
  const leaf = leafOf(ctx, proposer, a.removed);
  await sendProposal(ctx, step, proposer, 'remove proposal', () => ctx.engine.proposeRemove(activeState(ctx, proposer), leaf, handshake(ctx)));
}

export async function pskProposal(ctx: ScriptContext, step: number, a: ActionOf<'externalPSKProposal'> | ActionOf<'preSharedKeyProposal'>): Promise<void> {
  const proposer = ctx.world.actor(a.actor);
  const source = a.action === 'externalPSKProposal' ? a.pskID : a.psk;
  const psk = output(ctx, source).psk!;
  await sendProposal(ctx, step, proposer, 'PSK proposal', () => ctx.engine.proposePsk(activeState(ctx, proposer), psk.id, handshake(ctx)));
}
