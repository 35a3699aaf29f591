// reinit (RFC 9420 §11.2), branch (§11.3), resumptionPSKProposal (§8.6) and
// groupContextExtensionsProposal (§12.1.7), as the IETF runner runs them, over the simulated network.
import type { ReInitParams } from '../../mls/engine.ts';
import { scriptExtensions } from '../extensions.ts';
import type { ActionOf } from '../scriptSchema.ts';
import type { ScriptActor } from '../scriptActor.ts';
import { activeState, ensureKeys, newKeyPackage, output, rejection, traceOp, utf8, type ScriptContext } from '../scriptContext.ts';
import { StepFailure } from '../stepFailure.ts';
import { verifyGroupState } from '../verifyGroupState.ts';
import { dedupe, expectApplied, expectNothingLost, fetched } from './expect.ts';
import { handshake, sendProposal } from './proposalSteps.ts';

export async function resumptionPskProposal(ctx: ScriptContext, step: number, a: ActionOf<'resumptionPSKProposal'>): Promise<void> {
  const proposer = ctx.world.actor(a.actor);
  await sendProposal(ctx, step, proposer, 'resumption PSK proposal', () => ctx.engine.proposeResumptionPsk(activeState(ctx, proposer), BigInt(a.epochID), handshake(ctx)));
}

export async function groupContextExtensionsProposal(ctx: ScriptContext, step: number, a: ActionOf<'groupContextExtensionsProposal'>): Promise<void> {
  const proposer = ctx.world.actor(a.actor);
  const extensions = scriptExtensions(a.extensions);
  await sendProposal(ctx, step, proposer, 'GroupContextExtensions proposal', () =>
    ctx.engine.proposeGroupContextExtensions(activeState(ctx, proposer), extensions, handshake(ctx)),
  );
}

/** The runner's "change ciphersuite": another suite every client supports; here the engine's next one. */
export function otherSuite(ctx: ScriptContext): number {
  const ids = ctx.engine.ciphersuites.map((c) => c.id).filter((id) => id !== ctx.suite);
  const pick = ids.find((id) => !ctx.engine.ciphersuites.find((c) => c.id === id)!.postQuantum) ?? ids[0];
  if (pick === undefined) throw new StepFailure(`no ciphersuite other than ${ctx.suite} to change to`);
  return pick;
}

/** What a ReInit asks for, as the runner derives it: the same group id with "++" appended when it changes. */
export function reinitParams(ctx: ScriptContext, state: NonNullable<ScriptActor['state']>, o: { changeGroupID?: boolean; changeSuite?: boolean; extensions?: Parameters<typeof scriptExtensions>[0] }): ReInitParams {
  const id = ctx.engine.groupId(state);
  return {
    groupId: o.changeGroupID === true ? new Uint8Array([...id, ...utf8('++')]) : id,
    ciphersuite: o.changeSuite === true ? otherSuite(ctx) : ctx.engine.ciphersuite(state),
    extensions: o.extensions === undefined ? [] : scriptExtensions(o.extensions),
  };
}

/**
 * The proposer (or an external signer, earlier) proposes the ReInit; the committer commits it alone and
 * everyone follows into the suspended state; everyone but the welcomer uploads a KeyPackage for the new
 * group; the welcomer creates it with a resumption PSK (usage reinit) and sends the Welcome; all verify.
 */
export async function reinit(ctx: ScriptContext, step: number, a: ActionOf<'reinit'>): Promise<void> {
  const { engine, world } = ctx;
  const proposerName = a.proposer ?? a.actor;
  const participants = dedupe([a.committer, a.welcomer, ...(proposerName === undefined ? [] : [proposerName]), ...(a.members ?? [])]);
  const committer = world.actor(a.committer);
  const welcomer = world.actor(a.welcomer);
  for (const n of participants) world.actor(n);

  let ref: Uint8Array;
  if (proposerName !== undefined) {
    const proposer = world.actor(proposerName);
    const params = reinitParams(ctx, activeState(ctx, proposer), { changeGroupID: a.changeGroupID, changeSuite: a.changeCipherSuite ?? a.changeCiphersuite, extensions: a.extensions });
    ref = await sendProposal(ctx, step, proposer, 'ReInit proposal', () => engine.proposeReInit(activeState(ctx, proposer), params, handshake(ctx)));
  } else if (a.externalReinitProposal !== undefined) {
    ref = output(ctx, a.externalReinitProposal).proposal!.ref;
  } else {
    throw new StepFailure('reinit needs a proposer or an externalReinitProposal');
  }

  const state = activeState(ctx, committer);
  const c = await engine.commit(state, { pending: [ref], publicMessage: ctx.publicHandshake });
  traceOp(ctx, committer, 'commit', state, c.kind === 'ok' ? c.commit.length : 0, c.kind === 'ok' ? 'ok' : c.reason);
  if (c.kind === 'rejected') throw rejection(committer.name, 'ReInit commit', c);
  const others = participants.filter((n) => n !== committer.name);
  committer.staged.set(step, { state: c.state, joiners: [] });
  world.post(committer, step, 'commit', c.commit, others, true);
  await world.settle();
  expectApplied(ctx, step, 'commit', [committer.name], 'acceptance of its ReInit commit');
  expectApplied(ctx, step, 'commit', others, 'ReInit commit');
  await verifyGroupState(ctx, participants);
  const asked = engine.pendingReInit(c.state);
  if (asked === undefined) throw new StepFailure(`${committer.name}: the commit did not suspend the group for a ReInit`);
  ctx.suite = asked.ciphersuite; // later key packages are for the new suite, as in the runner

  const joiners = participants.filter((n) => n !== welcomer.name);
  for (const n of joiners) world.post(world.actor(n), step, 'key-package', await newKeyPackage(ctx, world.actor(n)), []);
  await world.settle();
  expectNothingLost(ctx, step);
  await welcomeNewGroup(ctx, step, welcomer, joiners, 'ReInit', async (kps) =>
    engine.reinitWelcome(welcomer.state!, await ensureKeys(ctx, welcomer), kps, { forcePath: a.forcePath === true, ratchetTreeOutOfBand: a.externalTree === true }),
  );
  await verifyGroupState(ctx, participants);
  ctx.outputs.set(step, {});
}

/** The actor branches a new group (RFC 9420 §11.3) with `members`, who join from its Welcome. */
export async function branch(ctx: ScriptContext, step: number, a: ActionOf<'branch'>): Promise<void> {
  const { engine, world } = ctx;
  const actor = world.actor(a.actor);
  const members = dedupe(a.members ?? [], [a.actor]);
  const state = activeState(ctx, actor);
  for (const n of members) {
    const m = world.actor(n);
    activeState(ctx, m);
    world.post(m, step, 'key-package', await newKeyPackage(ctx, m), []);
  }
  await world.settle();
  expectNothingLost(ctx, step);
  const groupId = world.streams.stream(`mls-script/${ctx.script}#group-id`).bytes(16);
  await welcomeNewGroup(ctx, step, actor, members, 'branch', (kps) =>
    engine.branch(state, groupId, kps, {
      forcePath: (a.forcePath ?? a.force_path) === true,
      ratchetTreeOutOfBand: (a.externalTree ?? a.external_tree) === true,
      ...(a.extensions !== undefined && { extensions: scriptExtensions(a.extensions) }),
    }),
  );
  await verifyGroupState(ctx, [actor.name, ...members]);
  ctx.outputs.set(step, {});
}

/** The creator fetches the joiners' key packages (posted at `step`), makes the new group and sends the tree (if out of band) and the Welcome. */
async function welcomeNewGroup(
  ctx: ScriptContext,
  step: number,
  creator: ScriptActor,
  joiners: readonly string[],
  what: string,
  make: (keyPackages: Uint8Array[]) => ReturnType<ScriptContext['engine']['branch']>,
): Promise<void> {
  const { world } = ctx;
  let kps: Uint8Array[] = [];
  if (joiners.length > 0) {
    world.fetch(creator, step, 'key-package', step);
    await world.settle();
    const got = fetched(ctx, step, creator, 'key-package', step, 'key packages for the new group');
    kps = joiners.map((n) => {
      const e = got.filter((x) => x.origin === n).at(-1);
      if (e === undefined) throw new StepFailure(`${creator.name} never received ${n}'s key package`);
      return e.bytes;
    });
  }
  const before = creator.state;
  const r = await make(kps);
  traceOp(ctx, creator, what, before, r.kind === 'ok' ? r.welcome.length : 0, r.kind === 'ok' ? 'ok' : r.reason);
  if (r.kind === 'rejected') throw rejection(creator.name, `${what} Welcome`, r);
  creator.state = r.state;
  if (r.ratchetTree !== undefined) world.post(creator, step, 'ratchet-tree', r.ratchetTree, joiners);
  world.post(creator, step, 'welcome', r.welcome, joiners);
  await world.settle();
  expectApplied(ctx, step, 'welcome', joiners, `${what} Welcome`);
}
