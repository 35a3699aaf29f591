// Reading the receipts of an action once the network is quiet, turning the first problem into a
// one-line StepFailure.
import type { Receipt } from '../receipts.ts';
import type { Item } from '../relayProtocol.ts';
import { storeKey } from '../relayProtocol.ts';
import type { InboxEntry, ScriptActor } from '../scriptActor.ts';
import { rejection, type ScriptContext } from '../scriptContext.ts';
import { StepFailure } from '../stepFailure.ts';

/** The last receipt `name` left for `item` at `step`, or a failure saying it never came. */
export function receiptOf(ctx: ScriptContext, step: number, name: string, item: Item, what: string): Receipt {
  const mine = ctx.world.receiptsOf(step).filter((r) => r.actor === name && r.item === item);
  const done = mine.filter((r) => r.kind !== 'dropped').at(-1);
  if (done !== undefined) return done;
  const dropped = mine.find((r) => r.kind === 'dropped');
  if (dropped?.kind === 'dropped') throw new StepFailure(`the ${what} from ${dropped.from} to ${name} was lost on the way (${dropped.reason})`);
  throw new StepFailure(`${name} never received the ${what}`);
}

/** Every one of `names` processed `item` at `step`; a member the commit removed fails too. */
export function expectApplied(ctx: ScriptContext, step: number, item: Item, names: readonly string[], what: string): void {
  for (const name of names) {
    const r = receiptOf(ctx, step, name, item, what);
    switch (r.kind) {
      case 'applied':
        if (r.removedSelf) throw new StepFailure(`${name} was removed by this ${what} but is named to follow it`);
        break;
      case 'rejected':
        throw rejection(name, what, r);
      case 'stored':
      case 'decrypted':
      case 'dropped':
        throw new Error(`unexpected ${r.kind} receipt for ${item} at ${name} (bug)`);
      default: {
        const never: never = r;
        throw new Error(`unknown receipt ${JSON.stringify(never)}`);
      }
    }
  }
}

/** Nothing the action posted was lost on the way to the DS. */
export function expectNothingLost(ctx: ScriptContext, step: number): void {
  const lost = ctx.world.receiptsOf(step).find((r) => r.kind === 'dropped');
  if (lost?.kind === 'dropped') throw new StepFailure(`the ${lost.item} from ${lost.from} to ${lost.actor} was lost on the way (${lost.reason})`);
}

/** What `actor` fetched of `item` from action `source`; fails if nothing arrived. */
export function fetched(ctx: ScriptContext, step: number, actor: ScriptActor, item: Item, source: number, what: string): InboxEntry[] {
  const entries = actor.inbox.get(storeKey(source, item)) ?? [];
  if (entries.length > 0) return entries;
  const r = receiptOf(ctx, step, actor.name, item, what); // throws if it was lost or never came
  if (r.kind === 'rejected') throw rejection(actor.name, what, r);
  throw new Error(`${actor.name} has a ${r.kind} receipt for ${what} but an empty inbox (bug)`);
}

export function dedupe(names: readonly string[], except: readonly string[] = []): string[] {
  return [...new Set(names)].filter((n) => !except.includes(n));
}
