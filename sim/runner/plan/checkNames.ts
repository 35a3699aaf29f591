import { providerId } from '../../identity/providerId.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import type { PlanProblem } from './worldPlan.ts';

/**
 * Server names become provider identities (signing keys, addresses like `u3@provA`): each must be a
 * valid provider id. Phone numbers are `+49151` + a 2-digit provider index + a 5-digit user index.
 */
export function checkNames(s: Scenario): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const check = (id: string, path: string) => {
    try {
      providerId(id);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      problems.push({ path, message: e.message.replace(/^provider: /, '') });
    }
  };
  s.providers.forEach((p, i) => check(p.id, `providers[${i}].id`));
  s.nodes.forEach((n, i) => check(n.id, `nodes[${i}].id`));
  check(s.interop.bridgeNode, 'interop.bridgeNode');
  check(s.interop.discoveryNode, 'interop.discoveryNode');
  if (s.identity.namespace === 'phone') {
    if (s.providers.length > 100) problems.push({ path: 'identity.namespace', message: `phone numbers give each provider a 2-digit index: at most 100 providers, the scenario has ${s.providers.length}` });
    s.providers.forEach((p, i) => {
      if (p.users > 100_000) problems.push({ path: `providers[${i}].users`, message: `phone numbers give each user a 5-digit index: at most 100,000 users per provider, got ${p.users}` });
    });
  }
  return problems;
}
