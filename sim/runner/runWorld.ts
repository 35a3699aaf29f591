import { performance } from 'node:perf_hooks';
import type { MessageId } from '../core/index.ts';
import { summarize } from '../trace/index.ts';
import type { StagedFiles } from '../trace/output/index.ts';
import { closeOutstanding } from './closeOutstanding.ts';
import { describeArrangements } from './arrangementTable.ts';
import { appsPerAccountOf } from '../interop/worldRules.ts';
import { summarizeContent } from './contentSummary.ts';
import type { BuiltWorld } from './buildWorld.ts';
import type { RunResult } from './runResult.ts';
import { runInfoOf } from './runInfo.ts';
import { forgetRecentPayloads } from '../net/index.ts';
import { closeUploadSlab } from '../actors/keyPackageUpload.ts';

/**
 * Runs a built world to its end, closes every message's outcome (checking the ledger) and reports.
 * `staged` receives summary.json and topology.json beside the trace the build opened there; all three
 * appear under their names only once all are written (summary.json last).
 */
export async function runWorld(w: BuiltWorld, options: { readonly staged?: StagedFiles; readonly onProgress?: (fraction: number) => void; readonly wallStart?: number } = {}): Promise<RunResult> {
  const wallStart = options.wallStart ?? performance.now(); // wall-clock ok: reported separately, never simulated
  const { plan, world, wire, providers, devices, exposures, content, population, workload, keyTrust, stats, verifier, plaintexts, clock, clientSide, attackers, pairs, end, total } = w;
  const { sim, net, trace, ledger } = world;
  const { scenario: s, architecture: arch, engine, seed } = plan;
  const runStart = performance.now(); // wall-clock ok: measurement only
  await sim.run({ until: total, onProgress: options.onProgress && ((now) => options.onProgress!(Math.min(1, now / total))), progressEvery: 2000 });
  content?.measureDelivered(); // the last copies' measures (they are taken in runs), inside the run's time
  const runMs = performance.now() - runStart; // wall-clock ok
  w.multiClient?.closeOut();
  closeOutstanding(world, providers, devices);
  ledger.assertConserved();

  const digest = trace.digest();
  w.writer?.close();
  const summary = summarize(ledger, wire);
  let claims = 0, lastResort = 0, exhausted = 0;
  for (const p of providers.values()) {
    claims += p.directory.claimsFresh;
    lastResort += p.directory.claimsLastResort;
    exhausted += p.directory.exhaustions;
  }
  const meanBytes: Record<string, number> = {};
  for (const [k, b] of [...wire.bytesByKind].sort()) meanBytes[k] = Math.round(b / wire.hopsByKind.get(k)!);
  const exp = exposures.totals();
  const perMsg = (n: number) => (exp.messages === 0 ? 0 : n / exp.messages);
  const accountsPerUser = population.accountsPerUser();
  const speaksSignal = plan.arrangements.protocols.some((p) => p.protocol === 'signal');
  const signalOnly = plan.arrangements.protocols.every((p) => p.protocol === 'signal');
  const result: RunResult = {
    scenario: s.name,
    architecture: arch.name,
    arrangements: describeArrangements(plan.arrangements),
    seed,
    digest,
    traceRecords: trace.records,
    virtualSeconds: sim.now / 1_000_000,
    events: { estimated: plan.estimate.events, processed: sim.eventsProcessed },
    summary,
    mls: {
      engine: signalOnly ? 'signal-native' : engine.name,
      commitsAccepted: stats.commitsAccepted,
      commitsRejected: stats.commitsRejected,
      commitRetries: stats.commitRetries,
      opsAbandoned: stats.opsAbandoned,
      welcomesJoined: stats.welcomesJoined,
      welcomeFailures: stats.welcomeFailures,
      handshakesRejected: stats.handshakeRejected,
      groupStateChecks: verifier.checks,
      groupStateMismatches: verifier.mismatches,
      decryptMismatches: plaintexts.mismatches,
      keyPackagesClaimed: claims,
      lastResortClaims: lastResort,
      keyPackageExhaustions: exhausted,
      meanBytes,
    },
    ...(speaksSignal && { signal: { senderKeyDistributions: stats.senderKeyDistributions, senderKeyRotations: stats.senderKeyRotations, oneTimePreKeyFallbacks: stats.oneTimePreKeyFallbacks } }),
    workload: workload.stats,
    security: {
      messages: exp.messages,
      e2eePreservedPct: exp.messages === 0 ? 100 : (100 * (exp.messages - exp.exposedMessages)) / exp.messages,
      plaintextExposurePerMessage: perMsg(exp.exposurePoints),
      forgeryCapablePerMessage: perMsg(exp.forgeryCapable),
      exposedParties: exposures.parties(),
      misdeliveredCopies: exposures.misdelivered,
      decryptionsByRole: exposures.byRole(),
    },
    keys: { verification: keyTrust.mode, accepted: keyTrust.accepted, keyChangeWarnings: keyTrust.keyChangeWarnings, rejected: keyTrust.rejected, rejectReasons: keyTrust.rejectReasons, ...keyTrust.summary() },
    accountsPerUser,
    appsPerUser: appsPerAccountOf(plan.arrangements) ? accountsPerUser : 1,
    content: summarizeContent(content, s.content.bucketSeconds, end),
    ...(clientSide.disappearing !== undefined && { disappearing: clientSide.disappearing.summary() }),
    attacks: attackers.map((a) => ({ kind: a.kind, id: a.id, ...a.report() })),
    ...(w.membership?.departureSummary() !== undefined && { departures: w.membership.departureSummary()! }),
    ...(w.membership?.lostState !== undefined && { lostState: { ...w.membership.lostState.stats } }),
    ...(w.multiClient !== undefined && { multiClient: w.multiClient.report(plan.users.length, total / 1_000_000) }),
    perPair: pairs.report(runInfoOf(plan), s.providers.map((p) => p.id), { forgersOf: (m) => exposures.forgersOf(m as MessageId), accountsOf: (p) => population.accountsHeldBy(p) }),
    wall: { totalMs: performance.now() - wallStart, runMs, cryptoMs: clock.totalMs(), cryptoByOp: clock.report(), ...(w.multiClient !== undefined && { cryptoMsByService: w.multiClient.cryptoMsByService() }) }, // wall-clock ok
  };
  const staged = options.staged;
  if (staged !== undefined) {
    staged.write('summary.json', JSON.stringify(result, null, 2) + '\n');
    // The graph the run used, for viewers: nodes with their kind, links with their parameters.
    const topology = { nodes: net.nodeSpecs().map((n) => ({ id: n.id, kind: n.kind })), links: net.linkSpecs(), arrangements: result.arrangements };
    staged.write('topology.json', JSON.stringify(topology) + '\n');
    staged.commit('summary.json');
  }
  // Module state that would hold this run's world alive in a process that runs more (benches, tests).
  forgetRecentPayloads();
  closeUploadSlab();
  return result;
}
