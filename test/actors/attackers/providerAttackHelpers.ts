import { runScenario } from '../../../sim/runner/runScenario.ts';
import type { ArchitectureName } from '../../../sim/interop/index.ts';
import type { ScenarioInput } from '../../../scenarios/index.ts';
import { smallScenario } from '../../runner/smallScenario.ts';

/** Runs the small two-provider scenario with these attackers and defenses; returns the run and its one attack report. */
export async function attackRun(architecture: ArchitectureName, attackers: unknown[], defenses: Record<string, unknown> = {}) {
  const r = await runScenario(smallScenario({ attackers, defenses } as Partial<ScenarioInput>), { architecture });
  const attack = r.attacks[0];
  if (attack === undefined) throw new Error('no attack report');
  return { run: r, attack, detail: attack.detail ?? {} };
}
