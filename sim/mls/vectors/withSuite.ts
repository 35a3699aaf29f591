// Runs a per-suite check with the case's suite crypto, or reports the suite as unsupported.
import type { VectorEnv } from './env.ts';
import type { VectorCase } from './fields.ts';
import type { CaseOutcome } from './outcome.ts';
import type { SuiteCrypto } from '../tsMls/suiteCrypto.ts';

export async function withSuite(c: VectorCase, env: VectorEnv, f: (sc: SuiteCrypto) => Promise<CaseOutcome>): Promise<CaseOutcome> {
  const s = await env.suite(c.cipher_suite as number);
  if (s.kind === 'unsupported') return { kind: 'unsupported', detail: s.detail };
  try {
    return await f(s.suite);
  } catch (e) {
    return { kind: 'fail', detail: `threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}
