import type { ContentCapabilities } from './capabilities.ts';
import { intendedParts, type Message } from './message.ts';
import { samePart, type Part } from './part.ts';
import { render, type RenderOutcome } from './render.ts';
import { chooseRepresentation, type RepresentationChoice } from './representation.ts';

/**
 * Feature fidelity of one delivery: the share of the intended parts of `intended` (its enhanced parts,
 * or its basic text part when it has none) that the recipient rendered natively. `outcome` may come from
 * rendering `intended` itself or a representation of it: a part counts when an equal part was rendered
 * (the basic text part counts by kind, since a representation rewrites its text). Unreadable is 0.
 */
export function recipientFidelity(intended: Message, outcome: RenderOutcome): number {
  if (outcome.kind === 'unreadable') return 0;
  const want = intendedParts(intended);
  const pool: Part[] = [...outcome.rendered];
  let got = 0;
  for (const p of want) {
    const i = pool.findIndex((q) => (p.kind === 'text' ? q.kind === 'text' : samePart(p, q)));
    if (i >= 0) {
      pool.splice(i, 1);
      got++;
    }
  }
  return got / want.length;
}

/** The mean of the recipients' fidelities. */
export function groupFidelity(intended: Message, outcomes: readonly RenderOutcome[]): number {
  if (outcomes.length === 0) throw new RangeError('outcomes: empty');
  return outcomes.reduce((sum, o) => sum + recipientFidelity(intended, o), 0) / outcomes.length;
}

export interface StrategyResult {
  /** One per member, in the order given. */
  readonly outcomes: readonly RenderOutcome[];
  readonly fidelity: number;
}

export interface FidelityReport {
  /** The full message is sent; each recipient renders what it can and falls back for the rest. */
  readonly perRecipient: StrategyResult;
  /** The sender sends chooseRepresentation's lowest common denominator to everyone. */
  readonly lowestCommonDenominator: StrategyResult & { readonly choice: RepresentationChoice };
}

/** Both sending strategies for one message and one group of recipients, side by side. */
export function fidelityReport(m: Message, members: readonly ContentCapabilities[]): FidelityReport {
  const choice = chooseRepresentation(m, members);
  const full = members.map((c) => render(m, c));
  const lcd = members.map((c) => render(choice.message, c));
  return {
    perRecipient: { outcomes: full, fidelity: groupFidelity(m, full) },
    lowestCommonDenominator: { outcomes: lcd, fidelity: groupFidelity(m, lcd), choice },
  };
}
