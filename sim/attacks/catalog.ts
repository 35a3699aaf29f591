import type { AttackCase } from './attackCase.ts';
import { IMPERSONATOR_CASES } from './cases/impersonator.ts';
import { NON_COMPLIANT_CLIENT_CASES } from './cases/nonCompliantClient.ts';
import { KEY_SUBSTITUTION_CASES } from './cases/keySubstitution.ts';
import { SPAMMER_CASES } from './cases/spammer.ts';
import { BRIDGE_OPERATOR_CASES } from './cases/bridgeOperator.ts';
import { MALICIOUS_PROVIDER_CASES } from './cases/maliciousProvider.ts';
import { METADATA_OBSERVER_CASES } from './cases/metadataObserver.ts';
import { NETWORK_ADVERSARY_CASES } from './cases/networkAdversary.ts';
import { DOWNGRADE_CASES } from './cases/downgrade.ts';
import { DEVICE_COMPROMISE_CASES } from './cases/deviceCompromise.ts';

/**
 * Every attack x defense row `interop-sim attacks` runs, in print order. Each attacker's cases live
 * next to each other in cases/<attacker>.ts: the attack without its defense first, then with it.
 */
export const ATTACK_CASES: readonly AttackCase[] = [...SPAMMER_CASES, ...IMPERSONATOR_CASES, ...NON_COMPLIANT_CLIENT_CASES, ...MALICIOUS_PROVIDER_CASES, ...NETWORK_ADVERSARY_CASES, ...BRIDGE_OPERATOR_CASES, ...METADATA_OBSERVER_CASES, ...KEY_SUBSTITUTION_CASES, ...DOWNGRADE_CASES, ...DEVICE_COMPROMISE_CASES];

/** The attacks a user can select by name (`--attacks`). */
export const ATTACK_NAMES = (): string[] => [...new Set(ATTACK_CASES.map((c) => c.attack))];
