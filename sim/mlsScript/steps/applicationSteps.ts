// protect and unprotect. The sender posts the PrivateMessage to the DS, which holds it; the unprotect
// action has the receiver fetch it, so the script decides the order (and epoch) of decryption.
import type { ActionOf } from '../scriptSchema.ts';
import { activeState, output, rejection, traceOp, utf8, type ScriptContext } from '../scriptContext.ts';
import { StepFailure } from '../stepFailure.ts';
import { expectNothingLost, receiptOf } from './expect.ts';

export async function protect(ctx: ScriptContext, step: number, a: ActionOf<'protect'>): Promise<void> {
  const actor = ctx.world.actor(a.actor);
  const state = activeState(ctx, actor);
  const plaintext = utf8(a.plaintext ?? '');
  const authenticatedData = utf8(a.authenticatedData ?? '');
  const r = await ctx.engine.protect(state, plaintext, { authenticatedData });
  traceOp(ctx, actor, 'protect', state, r.kind === 'ok' ? r.message.length : 0, r.kind === 'ok' ? 'ok' : r.reason);
  if (r.kind === 'rejected') throw rejection(a.actor, 'protect', r);
  actor.state = r.state;
  ctx.world.post(actor, step, 'application', r.message, []);
  await ctx.world.settle();
  expectNothingLost(ctx, step);
  ctx.outputs.set(step, { ciphertext: { plaintext, authenticatedData } });
}

/** Must give back exactly the plaintext and authenticated data that were protected. */
export async function unprotect(ctx: ScriptContext, step: number, a: ActionOf<'unprotect'>): Promise<void> {
  const expected = output(ctx, a.ciphertext).ciphertext!;
  const actor = ctx.world.actor(a.actor);
  ctx.world.fetch(actor, step, 'application', a.ciphertext);
  await ctx.world.settle();
  const r = receiptOf(ctx, step, a.actor, 'application', `ciphertext of action ${a.ciphertext}`);
  if (r.kind === 'rejected') throw rejection(a.actor, `unprotect of action ${a.ciphertext}`, r);
  if (r.kind !== 'decrypted') throw new Error(`unexpected ${r.kind} receipt for a ciphertext (bug)`);
  if (!sameBytes(r.plaintext, expected.plaintext)) {
    throw new StepFailure(`${a.actor}: unprotect of action ${a.ciphertext} gave plaintext ${shown(r.plaintext)}, expected ${shown(expected.plaintext)}`);
  }
  if (!sameBytes(r.authenticatedData, expected.authenticatedData)) {
    throw new StepFailure(
      `${a.actor}: unprotect of action ${a.ciphertext} gave authenticated data ${shown(r.authenticatedData)}, expected ${shown(expected.authenticatedData)}`,
    );
  }
  ctx.outputs.set(step, {});
}

const sameBytes = (x: Uint8Array, y: Uint8Array): boolean => Buffer.from(x).equals(Buffer.from(y));

function shown(b: Uint8Array): string {
  const s = JSON.stringify(new TextDecoder().decode(b));
  return s.length > 50 ? `${s.slice(0, 47)}..."` : s;
}
