import type { ArrangementSummary } from './arrangementTable.ts';
import type { AttackReport } from '../actors/attackers/attacker.ts';
import type { ArchitectureName } from '../interop/index.ts';
import type { ContentSummary } from './contentSummary.ts';
import type { DisappearingSummary } from '../actors/abuse/disappearing.ts';
import type { ExposureRole, RunSummary } from '../trace/index.ts';
import type { WorkloadStats } from '../workload/workload.ts';
import type { DepartureSummary } from './installDepartures.ts';
import type { LostStateStats } from '../actors/membership/lostState.ts';
import type { MultiClientReport } from '../actors/multiClient/multiClientReport.ts';
import type { PerPairReport } from '../trace/perPair/index.ts';

// What one run reports: everything but `wall` is deterministic and comes from the run's accounting.

export interface MlsSummary {
  readonly engine: string;
  readonly commitsAccepted: number;
  readonly commitsRejected: number;
  readonly commitRetries: number;
  readonly opsAbandoned: number;
  readonly welcomesJoined: number;
  readonly welcomeFailures: number;
  readonly handshakesRejected: number;
  readonly groupStateChecks: number;
  readonly groupStateMismatches: number;
  readonly decryptMismatches: number;
  readonly keyPackagesClaimed: number;
  readonly lastResortClaims: number;
  readonly keyPackageExhaustions: number;
  /** Mean bytes of one envelope payload (plus routing header) by kind. */
  readonly meanBytes: Readonly<Record<string, number>>;
}

/** Signal protocol counts of a run under `protocol: signal`. */
export interface SignalSummary {
  /** Sender-key distributions sent over pairwise sessions (one per member that lacked a sender's chain). */
  readonly senderKeyDistributions: number;
  /** Sender-key chains dropped for a new one (after a removal, or an update for post-compromise security). */
  readonly senderKeyRotations: number;
  /** PQXDH sessions set up from a last-resort bundle (no one-time prekey left). */
  readonly oneTimePreKeyFallbacks: number;
}

/** Who, besides the endpoints, could read or forge messages: measured where decryption happened. */
export interface SecuritySummary {
  readonly messages: number;
  /** Messages no non-endpoint party decrypted, in percent. */
  readonly e2eePreservedPct: number;
  /** Non-endpoint parties that held a message's plaintext, per message. */
  readonly plaintextExposurePerMessage: number;
  /** Non-endpoint parties holding the group keys (able to forge), per message. */
  readonly forgeryCapablePerMessage: number;
  /** Parties that held plaintext at least once. */
  readonly exposedParties: readonly string[];
  /** Copies decrypted by a person the sender never meant (misrouted numbers, colliding handles). */
  readonly misdeliveredCopies: number;
  /** Decryptions by parties that are not intended endpoints, by role (each an `expose` trace record). */
  readonly decryptionsByRole?: Readonly<Partial<Record<ExposureRole, number>>>;
}

export interface RunResult {
  readonly scenario: string;
  readonly architecture: ArchitectureName;
  /** Protocol per provider and arrangement per provider pair (issue 17): the world the run ran in. */
  readonly arrangements: ArrangementSummary;
  readonly seed: string;
  readonly digest: string;
  readonly traceRecords: number;
  readonly virtualSeconds: number;
  /** Simulator events: estimated before the run (the plan refuses runs beyond its limit) and processed. */
  readonly events?: { readonly estimated: number; readonly processed: number };
  readonly summary: RunSummary;
  readonly mls: MlsSummary;
  /** Under `protocol: signal` (sim/actors/signal): the Signal-specific counts; `mls` then counts the ordered roster changes. */
  readonly signal?: SignalSummary;
  readonly workload: WorkloadStats;
  readonly security: SecuritySummary;
  /** Key verification of claimed KeyPackages: how many passed, warned (TOFU key change) or failed. */
  readonly keys: {
    readonly verification: string;
    readonly accepted: number;
    readonly keyChangeWarnings: number;
    readonly rejected: number;
    readonly rejectReasons: Readonly<Record<string, number>>;
    /** block-and-warn key-change holds (defenses.keyChangePolicy): how many, how they ended, seconds waited. */
    readonly holds?: { readonly held: number; readonly confirmed: number; readonly refused: number; readonly holdSeconds: number };
    /** Key transparency (defenses.keyTransparency): heads, appends, monitor checks and detections, audit findings. */
    readonly transparency?: { readonly heads: number; readonly appends: number; readonly monitorChecks: number; readonly detections: number; readonly auditFindings: number; readonly logFaults: number };
    /** Signal safety numbers compared out of band (defenses.outOfBand under protocol: signal). */
    readonly safetyNumberComparisons?: number;
  };
  readonly accountsPerUser: number;
  /** Apps a user runs: one per account in a silo, one for everything otherwise. */
  readonly appsPerUser: number;
  /** Message content and client capabilities: feature fidelity, fallbacks, post-quantum coverage over time. */
  readonly content?: ContentSummary;
  /** Disappearing messages (workload.disappearing): timed copies, and those kept past their expiry. */
  readonly disappearing?: DisappearingSummary;
  /** What the multi-protocol client cost and lost (client-api runs; sim/actors/multiClient). */
  readonly multiClient?: MultiClientReport;
  /** What each of the scenario's attackers achieved and how soon it was detected, measured on outcomes. */
  readonly attacks: readonly AttackResult[];
  /** Users departing (workload.departures): how many, how the groups lost their devices, copies refused. */
  readonly departures?: DepartureSummary;
  /** Devices restored without history (workload.lostState): losses, group states lost, rejoins by external commit, copies unreadable. */
  readonly lostState?: LostStateStats;
  /** Everything compare measures, per provider pair, and the weakest-link measure (sim/trace/perPair). */
  readonly perPair?: PerPairReport;
  /** Wall-clock measurements: never part of the digest. */
  readonly wall: { readonly totalMs: number; /** The event loop alone (no engine load, no setup). */ readonly runMs: number; readonly cryptoMs: number; readonly cryptoByOp: Record<string, { totalMs: number; count: number; meanMs: number }>; /** Per protocol stack of the multi-protocol client (client-api). */ readonly cryptoMsByService?: Record<string, number> };
}

/** One attacker's measured outcome in a run. */
export interface AttackResult extends AttackReport {
  readonly kind: string;
  readonly id: string;
}
