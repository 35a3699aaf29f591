import type { AttackCase } from './attackCase.ts';

/**
 * Every attack x defense row `interop-sim attacks` runs, in print order. Each attacker's cases live
 * next to each other in cases/<attacker>.ts: the attack without its defense first, then with it.
 */
export const ATTACK_CASES: readonly AttackCase[] = [];

/** The attacks a user can select by name (`--attacks`). */
export const ATTACK_NAMES = (): string[] => [...new Set(ATTACK_CASES.map((c) => c.attack))];
