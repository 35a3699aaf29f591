// addExternalSigner, externalSignerProposal and newMemberAddProposal (RFC 9420 §12.1.8): proposals from
// outside the group. The external signer (a server such as "ds") and the would-be member get the group's
// GroupInfo (and, for the signer, the ratchet tree, out of band as the runner does) through the DS, and
// their proposals reach every member through it.
import type { ExternalProposal } from '../../mls/engine.ts';
import { scriptExtensions } from '../extensions.ts';
import type { ActionOf, ProposalDescription } from '../scriptSchema.ts';
import type { ScriptActor } from '../scriptActor.ts';
import { activeState, ensureKeys, hex, output, rejection, traceOp, type ScriptContext } from '../scriptContext.ts';
import { StepFailure } from '../stepFailure.ts';
import { fetched, receiptOf } from './expect.ts';
import { handshake, sendProposal, STALE } from './proposalSteps.ts';
import { reinitParams } from './resumptionSteps.ts';
import { leafOf } from './stageCommit.ts';

/** The actor proposes adding `signer` (made an external sender on first use) to the external_senders extension. */
export async function addExternalSigner(ctx: ScriptContext, step: number, a: ActionOf<'addExternalSigner'>): Promise<void> {
  const { engine, world } = ctx;
  const actor = world.actor(a.actor);
  const signer = world.actor(a.signer);
  signer.signer ??= await engine.createExternalSender({ identity: signer.name, ciphersuite: ctx.suite, randomBytes: signer.randomBytes });
  const info = engine.externalSenderInfo(signer.signer);
  const state = activeState(ctx, actor);
  const senders = [...engine.externalSenders(state), info];
  const extensions = [...engine.groupContextExtensions(state).filter((e) => e.type !== 5), engine.externalSendersExtension(senders)];
  await sendProposal(ctx, step, actor, 'GroupContextExtensions proposal (external signer)', () =>
    engine.proposeGroupContextExtensions(activeState(ctx, actor), extensions, handshake(ctx)),
  );
}

/** `member` hands its GroupInfo and tree to the signer, which signs the described proposal; every member gets it. */
export async function externalSignerProposal(ctx: ScriptContext, step: number, a: ActionOf<'externalSignerProposal'>): Promise<void> {
  const { engine, world } = ctx;
  const signer = world.actor(a.actor);
  const member = world.actor(a.member);
  if (signer.signer === undefined) throw new StepFailure(`${a.actor} is not an external signer (no addExternalSigner action named it)`);
  const state = activeState(ctx, member);
  world.post(member, step, 'group-info', await engine.groupInfo(state, { ratchetTree: false }), [signer.name]);
  world.post(member, step, 'ratchet-tree', engine.ratchetTree(state), [signer.name]);
  await world.settle();
  const [gi] = fetched(ctx, step, signer, 'group-info', step, `GroupInfo from ${a.member}`);
  const [tree] = fetched(ctx, step, signer, 'ratchet-tree', step, `ratchet tree from ${a.member}`);
  const proposal = await describe(ctx, step, signer, member, a.description);
  const r = await engine.proposeExternal(signer.signer, gi!.bytes, proposal, { ratchetTree: tree!.bytes });
  traceOp(ctx, signer, 'external-proposal', undefined, r.kind === 'ok' ? r.proposal.length : 0, r.kind === 'ok' ? 'ok' : r.reason);
  if (r.kind === 'rejected') throw rejection(a.actor, `external ${a.description.proposalType} proposal`, r);
  await deliverToMembers(ctx, step, signer, member, r.proposal, `external ${a.description.proposalType} proposal`);
}

/** The joiner gets a GroupInfo from the actor and sends its own Add (new_member_proposal) to every member. */
export async function newMemberAddProposal(ctx: ScriptContext, step: number, a: ActionOf<'newMemberAddProposal'>): Promise<void> {
  const { engine, world } = ctx;
  const actor = world.actor(a.actor);
  const joiner = world.actor(a.joiner);
  const state = activeState(ctx, actor);
  world.post(actor, step, 'group-info', await engine.groupInfo(state), [joiner.name]);
  await world.settle();
  const [gi] = fetched(ctx, step, joiner, 'group-info', step, `GroupInfo from ${a.actor}`);
  const keys = await ensureKeys(ctx, joiner);
  const r = await engine.proposeAddAsNewMember(keys, gi!.bytes);
  traceOp(ctx, joiner, 'new-member-proposal', undefined, r.kind === 'ok' ? r.proposal.length : 0, r.kind === 'ok' ? 'ok' : r.reason);
  if (r.kind === 'rejected') throw rejection(a.joiner, 'new member Add proposal', r);
  joiner.keyPackages.push({ private: r.keyPackagePrivate, keys, suite: ctx.suite });
  await deliverToMembers(ctx, step, joiner, actor, r.proposal, 'new member Add proposal');
}

/**
 * Sends a proposal from outside the group to every member `witness` knows; each processes it on
 * arrival. Its reference is the one `witness` now holds pending (RFC 9420 §5.2).
 */
async function deliverToMembers(ctx: ScriptContext, step: number, from: ScriptActor, witness: ScriptActor, proposal: Uint8Array, what: string): Promise<void> {
  const { engine, world } = ctx;
  const before = new Set(engine.pendingProposals(activeState(ctx, witness)).map(hex));
  const recipients = [...new Set(engine.members(activeState(ctx, witness)).map((m) => m.identity))].filter((n) => world.has(n));
  world.post(from, step, 'proposal', proposal, recipients);
  await world.settle();
  for (const name of recipients) {
    const receipt = receiptOf(ctx, step, name, 'proposal', what);
    if (receipt.kind === 'rejected' && (name === witness.name || !STALE.has(receipt.reason))) throw rejection(name, what, receipt);
  }
  const ref = engine.pendingProposals(activeState(ctx, witness)).find((r) => !before.has(hex(r)));
  if (ref === undefined) throw new StepFailure(`${witness.name} holds no new pending proposal after the ${what}`);
  ctx.outputs.set(step, { proposal: { ref } });
}

/** The runner's proposal description, as an external proposal; key packages are fetched from the DS. */
async function describe(ctx: ScriptContext, step: number, signer: ScriptActor, member: ScriptActor, d: ProposalDescription): Promise<ExternalProposal> {
  switch (d.proposalType) {
    case 'add': {
      ctx.world.fetch(signer, step, 'key-package', d.keyPackage);
      await ctx.world.settle();
      const [kp] = fetched(ctx, step, signer, 'key-package', d.keyPackage, `key package of action ${d.keyPackage}`);
      return { kind: 'add', keyPackage: kp!.bytes };
    }
    case 'remove':
      return { kind: 'remove', leaf: leafOf(ctx, member, d.removed) };
    case 'externalPSK':
      return { kind: 'external-psk', id: output(ctx, d.pskID).psk!.id };
    case 'resumptionPSK':
      return { kind: 'resumption-psk', epoch: BigInt(d.epochID) };
    case 'groupContextExtensions':
      return { kind: 'group-context-extensions', extensions: scriptExtensions(d.extensions) };
    case 'reinit':
      return {
        kind: 'reinit',
        reinit: reinitParams(ctx, activeState(ctx, member), { changeGroupID: d.changeGroupID, changeSuite: d.changeCipherSuite, extensions: d.extensions }),
      };
    default: {
      const never: never = d;
      throw new Error(`unhandled proposal description ${JSON.stringify(never)}`);
    }
  }
}
