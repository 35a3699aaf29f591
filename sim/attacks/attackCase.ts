import type { ArchitectureName } from '../interop/index.ts';
import type { Scenario } from '../../scenarios/schema.ts';

/**
 * One row of the attack matrix: an attack under one defense setting. The case turns the base
 * scenario into the one it runs (the base plus the attacker and the defense), so every cell of the
 * matrix is an ordinary run of an ordinary scenario file's content.
 */
export interface AttackCase {
  /** The attack, e.g. `key substitution` (rows group by it). */
  readonly attack: string;
  /** The defense in force: `none` or its name, e.g. `key transparency (60 s monitor)`. */
  readonly defense: string;
  /**
   * The scenario this case runs under `architecture`, or a reason it does not apply there (a bridge
   * operator needs a bridge). Pure: the same base and architecture give the same scenario.
   */
  variant(base: Scenario, architecture: ArchitectureName): Scenario | { readonly notApplicable: string };
}

/** Whether a case's variant is a runnable scenario. */
export function isScenario(v: Scenario | { readonly notApplicable: string }): v is Scenario {
  return !('notApplicable' in v);
}
