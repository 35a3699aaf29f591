import type { MlsEngine } from '../../mls/engine.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import type { PlanProblem } from './worldPlan.ts';

/** Every ciphersuite a client may use (defaults, per provider, after an upgrade) must be one the engine runs. */
export function checkSuites(s: Scenario, engine: MlsEngine): PlanProblem[] {
  const known = new Set(engine.ciphersuites.map((c) => c.id));
  const list = [...known].join(', ');
  const problems: PlanProblem[] = [];
  const check = (suites: readonly number[] | undefined, path: string) =>
    suites?.forEach((id, i) => {
      if (!known.has(id)) problems.push({ path: `${path}[${i}]`, message: `ciphersuite ${id} is not supported by the ${engine.name} engine (supported: ${list})` });
    });
  check(s.mls.ciphersuites, 'mls.ciphersuites');
  s.providers.forEach((p, i) => check(p.ciphersuites, `providers[${i}].ciphersuites`));
  for (const [id, c] of Object.entries(s.content.clients)) c.upgrades.forEach((u, j) => check(u.ciphersuites, `content.clients.${id}.upgrades[${j}].ciphersuites`));
  return problems;
}
