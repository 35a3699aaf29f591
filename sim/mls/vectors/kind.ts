// One kind of RFC 9420 test vector (mlswg/mls-implementations test-vectors.md): the shape of its
// cases and how one case is checked.
import type { CaseOutcome } from './outcome.ts';
import type { VectorEnv } from './env.ts';
import type { VectorCase } from './fields.ts';
import type { Shape } from './schema.ts';

export interface VectorKind {
  readonly name: string;
  /** The fields of a case; a file is of this kind when its first case has all of them. */
  readonly shape: { readonly object: Readonly<Record<string, Shape>> };
  check(c: VectorCase, env: VectorEnv): Promise<CaseOutcome>;
}
