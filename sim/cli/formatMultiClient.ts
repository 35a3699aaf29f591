import type { RunResult } from '../runner/runScenario.ts';

const f1 = (x: number) => x.toFixed(1);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;

/** What the multi-protocol client cost and lost (client-api runs): a few lines of `run`'s summary. */
export function formatMultiClient(r: RunResult): string[] {
  const m = r.multiClient;
  if (m === undefined) return [];
  const cpu = r.wall.cryptoMsByService ?? {};
  const i = m.impact;
  const v = m.vendor;
  return [
    `client       multi-protocol: ${f1(m.perUser.stacks)} protocol stacks per user; key material ${kb(m.perUser.keyMaterialBytes)} per user; keepalives ${kb(m.perUser.keepaliveBytesPerHour)} per user per hour`,
    ...m.services.map(
      (s) =>
        `  ${s.service.padEnd(10)} ${s.stacks} stacks, ${s.keyPackages} key packages (${kb(s.keyMaterialBytes)}), ${s.keepalives} keepalives (${kb(s.keepaliveBytes)}), crypto ${f1(cpu[s.service] ?? 0)} ms; ` +
        `API broken ${s.breaks.deliberate + s.breaks.apiChange}x (${s.breaks.deliberate} deliberate), ${f1(s.brokenSeconds)} s (${f1(100 * s.brokenShare)}% of the run)`,
    ),
    `  while broken (${m.whileBroken}): ${i.sendsQueued} sends queued, ${i.messagesLost} messages lost (${i.sendsLost} sends, ${i.copiesLost} copies); ${i.copiesDelayed} copies of ${i.messagesDelayed} messages late by p50 ${f1(i.delaySeconds.p50)} s, p95 ${f1(i.delaySeconds.p95)} s, max ${f1(i.delaySeconds.max)} s`,
    `  vendor     (${v.access}) could read ${v.reachMessages} messages (${f1(100 * v.reachShare)}% of all) if malicious; its servers read ${v.readMessages}`,
  ];
}
