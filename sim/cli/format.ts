import type { RunResult } from '../runner/runScenario.ts';
import { formatContent } from './formatContent.ts';
import { formatMultiClient } from './formatMultiClient.ts';
import { formatWeakestLink } from './formatPerPair.ts';
import { formatWorld, protocolLabel } from './formatWorld.ts';

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : '-');

/** The human summary of one run: what happened to the messages, the groups, and the digest. */
export function formatRun(r: RunResult): string {
  const s = r.summary;
  const m = r.mls;
  const reasons = (o: Readonly<Record<string, number>>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  return [
    `scenario ${r.scenario}  ${r.arrangements?.uniform === undefined && r.arrangements !== undefined ? 'world (per-pair arrangements)' : `architecture ${r.architecture}`}  seed ${r.seed}  ${r.virtualSeconds.toFixed(1)} s virtual  ${(r.wall.totalMs / 1000).toFixed(1)} s wall (MLS crypto ${(r.wall.cryptoMs / 1000).toFixed(1)} s)`,
    ...formatWorld(r.arrangements),
    ...formatMessages(r),
    `copies       ${s.recipientsExpected} recipient copies of the sent messages: ${s.delivered} delivered, ${s.dropped} dropped, ${s.rejected} rejected (delivery ${pct(s.deliveryRatio)} of sent copies)`,
    `  dropped    ${reasons(s.dropReasons)}`,
    `  rejected   ${reasons(s.rejectReasons)}`,
    `latency      p50 ${f1(s.latencyMs.p50)} ms  p95 ${f1(s.latencyMs.p95)} ms  p99 ${f1(s.latencyMs.p99)} ms`,
    `wire         ${f1(s.wireBytesPerMessage)} B per message (all traffic, every hop), ${f1(s.appWireBytesPerMessage)} B application`,
    `mean sizes   ${Object.entries(m.meanBytes).map(([k, v]) => `${k} ${v} B`).join(', ')}`,
    r.signal === undefined
      ? `MLS (${m.engine})  commits ${m.commitsAccepted} accepted, ${m.commitsRejected} rejected (${m.commitRetries} retried), welcomes ${m.welcomesJoined} joined`
      : `${protocolLabel(r.arrangements)} (${m.engine})  ${protocolLabel(r.arrangements) === 'Signal' ? 'roster changes' : 'commits and roster changes'} ${m.commitsAccepted} accepted, ${m.commitsRejected} rejected (${m.commitRetries} retried), ${m.welcomesJoined} joins`,
    ...(r.signal === undefined ? [] : [`             sender-key distributions ${r.signal.senderKeyDistributions}, rotations ${r.signal.senderKeyRotations}; sessions without a one-time prekey ${r.signal.oneTimePreKeyFallbacks}`]),
    `verification group-state checks ${m.groupStateChecks}, mismatches ${m.groupStateMismatches}; decrypt mismatches ${m.decryptMismatches}`,
    `key packages ${m.keyPackagesClaimed} claimed, ${m.lastResortClaims} last-resort, ${m.keyPackageExhaustions} exhausted`,
    `security     E2EE preserved ${r.security.e2eePreservedPct.toFixed(1)}% of messages; plaintext exposures ${r.security.plaintextExposurePerMessage.toFixed(2)}/message${r.security.exposedParties.length ? ` (${r.security.exposedParties.join(', ')})` : ''}; forgery-capable ${r.security.forgeryCapablePerMessage.toFixed(2)}/message`,
    ...formatMisdelivery(r),
    `keys         ${r.keys.verification}: ${r.keys.accepted} accepted, ${r.keys.keyChangeWarnings} key-change warnings, ${r.keys.rejected} rejected`,
    `accounts     ${r.accountsPerUser.toFixed(2)} per user, ${r.appsPerUser.toFixed(2)} apps per user`,
    ...formatMultiClient(r),
    ...formatContent(r),
    ...formatAttacks(r),
    ...(r.perPair !== undefined ? formatWeakestLink(r.perPair.weakestLink) : []),
    `digest       ${r.digest}`,
  ].join('\n');
}

/**
 * Every message the workload meant to send, sent or skipped with why: a delivery ratio over the sent
 * copies alone would hide the messages that never left. The ledger may hold more messages than the
 * workload sent (cleartext fallback copies, attackers' messages): said when it does.
 */
function formatMessages(r: RunResult): string[] {
  const intended = r.workload.sendsAttempted;
  const skipped = r.summary.skipped;
  const sent = intended - skipped;
  const reasons = Object.entries(r.summary.skipReasons).map(([k, v]) => `${k} ${v}`).join(', ');
  const others = r.summary.messages - sent;
  return [
    `messages     intended ${intended}, sent ${sent}, skipped ${skipped}${skipped > 0 ? ` (${reasons})` : ''}: ${intended === 0 ? '-' : pct(sent / intended)} of intended messages sent`,
    ...(others !== 0 ? [`             ${r.summary.messages} messages in the ledger (${others > 0 ? `${others} more: cleartext fallback copies and attackers' messages` : `${-others} fewer`})`] : []),
  ];
}

/** One line per attacker: what it achieved and how soon it was detected, all measured in the run. */
function formatAttacks(r: RunResult): string[] {
  return r.attacks.map((a, i) => {
    const det = a.detections.length === 0 ? 'never detected' : `detected ${a.detections.length}x, mean ${f1(a.detections.reduce((x, y) => x + y, 0) / a.detections.length)} s after`;
    const extra = [a.reach !== undefined && `reach ${(a.reach * 100).toFixed(0)}%`, a.legitimate !== undefined && `false positives ${a.falsePositives ?? 0}/${a.legitimate}`].filter(Boolean).join(', ');
    return `${i === 0 ? 'attacks     ' : '            '} ${a.id}: ${a.successes}/${a.attempts} succeeded, ${a.exposed} messages exposed, ${a.forged} forged; ${det}${extra ? `; ${extra}` : ''}`;
  });
}

/** Copies a stranger decrypted: encrypted end to end, to the wrong person. Said plainly, never hidden. */
function formatMisdelivery(r: RunResult): string[] {
  const n = r.security.misdeliveredCopies;
  if (n === 0) return [];
  const share = r.summary.recipientsExpected === 0 ? '' : ` (${((100 * n) / r.summary.recipientsExpected).toFixed(1)}% of recipient copies)`;
  return [`misdelivered ${n} copies${share} decrypted by a person the sender never meant: end-to-end encrypted to the wrong person, still a confidentiality failure`];
}
