import { validateScenario, type ScenarioInput } from '../../scenarios/index.ts';

/** A small, fast scenario for end-to-end tests; `over` replaces top-level sections. */
export function smallScenario(over: Partial<ScenarioInput> = {}) {
  return validateScenario({
    name: 'small',
    seed: 7,
    durationSeconds: 20,
    drainSeconds: 20,
    providers: [
      { id: 'provA', users: 4, devicesPerUser: { min: 1, max: 2 } },
      { id: 'provB', users: 3 },
    ],
    workload: {
      oneToOne: 2,
      groups: { count: 1, size: { kind: 'fixed', n: 4 } },
      messagesPerMemberPerMinute: 30,
      crossProviderShare: 0.6,
      churn: { addsPerGroupPerHour: 360, removesPerGroupPerHour: 180 },
      updatePeriodSeconds: 8,
    },
    ...over,
  });
}
