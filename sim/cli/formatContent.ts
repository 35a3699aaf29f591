import type { RunResult } from '../runner/runScenario.ts';

const pct = (x: number) => `${x.toFixed(1)}%`;

/**
 * The content lines of a run summary: feature fidelity and fallbacks, the transport fallback in
 * clear with the indicators readers saw, and (when suites or clients changed during the run) the
 * post-quantum share of groups and messages over time.
 */
export function formatContent(r: RunResult): string[] {
  const c = r.content;
  if (c === undefined) return [];
  const o = c.outcomes;
  const ind = c.indicators;
  const lines = [
    `content      ${c.messages} messages (${c.enhancedMessages} with enhanced parts); feature fidelity ${c.featureFidelity.toFixed(3)}; copies read: ${o.full} full, ${o.fallback} fallback, ${o.unreadable} unreadable (fell back ${pct(c.fallbackPct)}); LCD cost a member something in ${pct(c.lcdHitPct)} of messages`,
    `fallback     ${pct(c.cleartextPct)} of messages in clear (${c.clearMessages}), ${c.unreachableDevices} devices unreachable; indicators: ${ind.verified} verified, ${ind.encrypted} encrypted, ${ind['not-encrypted']} not encrypted`,
  ];
  const changing = c.upgrades > 0 || c.migrations > 0 || c.pqGroupsCreated > 0;
  if (changing) {
    lines.push(
      `suites       ${c.groupsCreated} groups (${c.pqGroupsCreated} post-quantum), ${c.migrations} migrated to post-quantum, ${c.upgrades} client upgrades, ${c.capabilityRejections} tampered capability lists rejected; ${pct(c.pqMessagesPct)} of MLS messages post-quantum`,
      ...formatTimeSeries(r),
    );
  }
  return lines;
}

/** The post-quantum time series as a small table, one row per bucket, with each provider's upgraded share. */
export function formatTimeSeries(r: RunResult): string[] {
  const c = r.content;
  if (c === undefined || c.timeSeries.length === 0) return [];
  const share = (n: number, d: number) => (d === 0 ? '     -' : `${((100 * n) / d).toFixed(0).padStart(5)}%`);
  const providers = Object.keys(c.timeSeries[0]!.upgradedPct).sort();
  const upgradedHead = providers.map((p) => `  ${`upgr ${p}`.padStart(Math.max(9, p.length + 5))}`).join('');
  return [
    `  time s   groups  PQ groups   messages  PQ msgs  in clear${upgradedHead}`,
    ...c.timeSeries.map(
      (b) =>
        `  ${b.t.toFixed(0).padStart(6)}  ${String(b.groups).padStart(7)}  ${share(b.pqGroups, b.groups).padStart(9)}  ${String(b.messages).padStart(9)}  ${share(b.pqMessages, b.messages - b.clearMessages).padStart(7)}  ${share(b.clearMessages, b.messages).padStart(8)}` +
        providers.map((p) => `  ${`${b.upgradedPct[p]!.toFixed(0)}%`.padStart(Math.max(9, p.length + 5))}`).join(''),
    ),
  ];
}
