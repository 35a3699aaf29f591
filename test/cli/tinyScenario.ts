import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes the CLI tests' tiny scenario (7 users on two providers, two 1:1 chats and a 3-member group,
 * every conversation across providers) into `dir` and returns its path. `durationSeconds` omitted:
 * the scenario default.
 */
export function writeTinyScenario(dir: string, durationSeconds?: number): string {
  const path = join(dir, 'tiny.yaml');
  writeFileSync(
    path,
    `name: tiny
${durationSeconds !== undefined ? `durationSeconds: ${durationSeconds}\n` : ''}drainSeconds: 8
providers: [{ id: a, users: 4 }, { id: b, users: 3 }]
workload: { oneToOne: 2, groups: { count: 1, size: { kind: fixed, n: 3 } }, messagesPerMemberPerMinute: 20, crossProviderShare: 1 }
`,
  );
  return path;
}
