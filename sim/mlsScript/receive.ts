// What an actor does when the DS delivers something: run the engine on it at once (inside the
// kernel's awaited handler) and leave a receipt for the action that caused the delivery.
import type { GroupState } from '../mls/engine.ts';
import type { Receipt } from './receipts.ts';
import { storeKey, type Item, type ToActor } from './relayProtocol.ts';
import type { HeldKeyPackage, ScriptActor } from './scriptActor.ts';
import { traceOp, withPsks, type ScriptContext } from './scriptContext.ts';
import type { ActorReceiver } from './scriptWorld.ts';

export function actorReceiver(ctx: ScriptContext): ActorReceiver {
  return async (actor, header, payload) => {
    switch (header.op) {
      case 'accepted':
        return adoptAccepted(ctx, actor, header.step);
      case 'deliver':
        return deliver(ctx, actor, header, payload);
      default: {
        const never: never = header;
        throw new Error(`actor: unknown message ${JSON.stringify(never)}`);
      }
    }
  };
}

async function deliver(ctx: ScriptContext, actor: ScriptActor, h: Extract<ToActor, { op: 'deliver' }>, payload: Uint8Array): Promise<void> {
  const receipt = (r: Omit<Receipt & { kind: 'rejected' }, 'kind' | 'step' | 'actor' | 'item'>) =>
    ctx.world.receipts.push({ kind: 'rejected', step: h.step, actor: actor.name, item: h.item, ...r });
  switch (h.item) {
    case 'key-package':
    case 'group-info':
    case 'ratchet-tree': {
      const key = storeKey(h.source, h.item);
      actor.inbox.set(key, [...(actor.inbox.get(key) ?? []), { origin: h.origin, bytes: payload }]);
      ctx.world.receipts.push({ kind: 'stored', step: h.step, actor: actor.name, item: h.item, source: h.source });
      return;
    }
    case 'proposal':
    case 'commit': {
      const state = usableState(ctx, actor);
      if (typeof state === 'string') return void receipt({ reason: 'no-state', detail: state });
      const r = await ctx.engine.processHandshake(state, payload);
      traceOp(ctx, actor, `process-${h.item}`, state, payload.length, r.kind === 'accepted' ? 'accepted' : r.reason);
      if (r.kind === 'rejected') return void receipt(r);
      if (r.content !== h.item) return void receipt({ reason: 'malformed', detail: `expected a ${h.item}, got a ${r.content}` });
      actor.state = r.state;
      ctx.world.receipts.push({ kind: 'applied', step: h.step, actor: actor.name, item: h.item, removedSelf: r.removedSelf });
      return;
    }
    case 'welcome': {
      // A tree delivered out of band for this Welcome arrived just before it (same link, in order).
      const tree = actor.inbox.get(storeKey(h.source, 'ratchet-tree'))?.at(-1)?.bytes;
      const r = await joinWithAnyKeyPackage(ctx, actor, payload, tree);
      traceOp(ctx, actor, 'join-welcome', r.kind === 'ok' ? r.state : undefined, payload.length, r.kind === 'ok' ? 'ok' : r.reason);
      if (r.kind !== 'ok') return void receipt(r);
      actor.state = r.state;
      ctx.world.receipts.push({ kind: 'applied', step: h.step, actor: actor.name, item: h.item, removedSelf: false });
      return;
    }
    case 'application': {
      const state = usableState(ctx, actor);
      if (typeof state === 'string') return void receipt({ reason: 'no-state', detail: state });
      const r = await ctx.engine.unprotect(state, payload);
      traceOp(ctx, actor, 'unprotect', state, payload.length, r.kind === 'ok' ? 'ok' : r.reason);
      if (r.kind === 'rejected') return void receipt(r);
      actor.state = r.state;
      ctx.world.receipts.push({ kind: 'decrypted', step: h.step, actor: actor.name, item: h.item, plaintext: r.plaintext, authenticatedData: r.authenticatedData });
      return;
    }
    default: {
      const never: never = h.item;
      throw new Error(`actor: unknown item ${String(never)}`);
    }
  }
}

/** The actor's state if it can process group messages, else why not. */
function usableState(ctx: ScriptContext, actor: ScriptActor): GroupState | string {
  if (actor.state === undefined) return `${actor.name} has no group state (it never created or joined a group)`;
  if (!ctx.engine.isActive(actor.state)) return `${actor.name} was removed from the group`;
  return actor.state;
}

/**
 * Joins with the newest key package whose reference the Welcome holds (the IETF runner uses the
 * actor's latest one); the key package used is consumed.
 */
async function joinWithAnyKeyPackage(
  ctx: ScriptContext,
  actor: ScriptActor,
  welcome: Uint8Array,
  ratchetTree: Uint8Array | undefined,
): Promise<{ kind: 'ok'; state: GroupState } | { kind: 'rejected'; reason: string; detail: string }> {
  const suite = ctx.engine.peek(welcome).ciphersuite;
  const held = actor.keyPackages.filter((k) => k.suite === suite);
  if (held.length === 0) {
    return { kind: 'rejected', reason: 'no-key-package', detail: `${actor.name} made no key package to join with${suite === undefined ? '' : ` in suite ${suite}`}` };
  }
  // A Welcome into a ReInit's or branch's new group needs the old group's state (RFC 9420 §11.2, §11.3);
  // for any other Welcome the engine does not use it.
  const options = {
    externalPsks: actor.psks,
    ...(actor.state !== undefined && { resumingFrom: actor.state }),
    ...(ratchetTree !== undefined && { ratchetTree }),
  };
  let last: { kind: 'rejected'; reason: string; detail: string } | undefined;
  for (let i = actor.keyPackages.length - 1; i >= 0; i--) {
    const kp: HeldKeyPackage = actor.keyPackages[i]!;
    if (kp.suite !== suite) continue;
    const r = await ctx.engine.joinFromWelcome(kp.keys, welcome, kp.private, options);
    if (r.kind === 'ok') {
      actor.keyPackages.splice(i, 1);
      return { kind: 'ok', state: withPsks(ctx, actor, r.state) };
    }
    last = r;
    if (r.reason !== 'not-member') break;
  }
  return last!;
}

/** The DS accepted this actor's commit: adopt the staged epoch, then send the Welcome (RFC 9420 §14). */
function adoptAccepted(ctx: ScriptContext, actor: ScriptActor, step: number): void {
  const staged = actor.staged.get(step);
  const item: Item = 'commit';
  if (staged === undefined) {
    ctx.world.receipts.push({ kind: 'rejected', step, actor: actor.name, item, reason: 'other', detail: `${actor.name} has no staged commit for action ${step}` });
    return;
  }
  actor.staged.delete(step);
  actor.state = staged.state;
  traceOp(ctx, actor, 'adopt-commit', staged.state, 0, 'ok');
  ctx.world.receipts.push({ kind: 'applied', step, actor: actor.name, item, removedSelf: false });
  if (staged.ratchetTree !== undefined && staged.welcome !== undefined) ctx.world.post(actor, step, 'ratchet-tree', staged.ratchetTree, staged.joiners);
  if (staged.welcome !== undefined) ctx.world.post(actor, step, 'welcome', staged.welcome, staged.joiners);
}
