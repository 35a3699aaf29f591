import type { ApiGate } from './multiClient/apiGate.ts';
import type { BusyTime, MessageId, NodeId } from '../core/index.ts';
import type { MlsEngine } from '../mls/engine.ts';
import type { SignalEngine } from '../signal/engine.ts';
import type { ProtocolName } from './conversation/conversationProtocol.ts';
import type { ContentRuntime } from './content/contentRuntime.ts';
import type { ContentSignatures } from './contentSignatures.ts';
import type { CryptoClock } from './cryptoClock.ts';
import type { Exposures } from './exposures.ts';
import type { GroupStateVerifier } from './groupStateVerifier.ts';
import type { Inbox } from './inbox.ts';
import type { KeyTrust } from './keyTrust.ts';
import type { GroupName, UserId } from './protocol.ts';
import type { RosterCheck } from './rosterCheck.ts';
import type { MembershipHooks } from './membership/membershipHooks.ts';
import type { SentPlaintexts } from './sentPlaintexts.ts';

/** Modelled CPU cost of an MLS operation in virtual time: a base plus a per-member share. */
export interface CpuModel {
  readonly perOperationMicros: number;
  readonly perMemberMicros: number;
}

/** Shared, read-mostly services a device uses beyond the world itself. */
export interface DeviceServices {
  /** Checks the keys handed out for contacts (none, TOFU, provider attestation). */
  readonly keyTrust?: KeyTrust;
  /** Replaces relaying members in a recipient list by the endpoints they relay to (bridges). */
  readonly expandRecipients?: (group: GroupName, recipients: readonly NodeId[]) => { recipients: NodeId[]; relays: number };
  readonly exposures?: Exposures;
  /** Intended recipients the group never reached because naming failed (misrouted, unresolvable). */
  readonly missingIntended?: (group: GroupName, present: readonly NodeId[]) => { device: NodeId; reason: string }[];
  /** Told of every delivery, to spot copies that reached someone the sender never meant. */
  readonly onDelivered?: (group: GroupName, user: UserId, msg: MessageId, device: NodeId) => void;
  /** Client-side steps between decryption and display (spam filters, message requests, impersonation checks). */
  readonly inbox?: Inbox;
  readonly engine: MlsEngine;
  readonly busy: BusyTime;
  readonly cpuModel: CpuModel;
  readonly verifier: GroupStateVerifier;
  readonly plaintexts: SentPlaintexts;
  readonly clock: CryptoClock;
  readonly stats: DeviceStats;
  /** Clients that compare group rosters with users' own device lists (sim/actors/rosterCheck.ts). */
  readonly rosterCheck?: RosterCheck;
  /** End-to-end content signatures checked on content that differs from what was sent (sim/actors/contentSignatures.ts). */
  readonly contentSignatures?: ContentSignatures;
  /** Content, capabilities, upgrades and transport fallback (sim/actors/content). */
  readonly content?: ContentRuntime;
  /** The Signal protocol engine, for devices of a run under `protocol: signal` (sim/actors/signal). */
  readonly signal?: SignalEngine;
  /** Departures and lost state: departed clients' copies, the hub's external senders and GroupInfos (sim/actors/membership). */
  readonly membership?: MembershipHooks;
  /** The multi-protocol client the device runs in under `client-api`: its service's API may be broken (sim/actors/multiClient). */
  readonly apiGate?: ApiGate;
  /** The protocol that carries a conversation, for devices that speak more than one (the world's arrangements decide). */
  readonly protocolOf?: (group: GroupName) => ProtocolName;
  /** The protocols a device registered at `provider` speaks: its provider's, and those of offers it reaches. */
  readonly protocolsAt?: (provider: NodeId) => ProtocolName[];
  /** How many MLS stacks' start-up work is made ahead together (sim/actors/conversation/mls/startAhead.ts); absent or 0: none, each start makes its own. */
  readonly startAhead?: number;
}

export interface DeviceStats {
  commitsAccepted: number;
  commitsRejected: number;
  commitRetries: number;
  opsAbandoned: number;
  welcomesJoined: number;
  welcomeFailures: number;
  handshakeRejected: number;
  staleHandshakes: number;
  duplicates: number;
  /** Signal protocol (sim/actors/signal): sender-key distributions sent pairwise, chain rotations, sessions set up without a one-time prekey. */
  senderKeyDistributions: number;
  senderKeyRotations: number;
  oneTimePreKeyFallbacks: number;
  /** Suites whose start-up work was made ahead (startAhead.ts) and adopted at their device's start, or dropped there (made again in place: MLS time spent twice). */
  startAheadAdopted: number;
  startAheadDropped: number;
}

export const newDeviceStats = (): DeviceStats => ({
  commitsAccepted: 0,
  commitsRejected: 0,
  commitRetries: 0,
  opsAbandoned: 0,
  welcomesJoined: 0,
  welcomeFailures: 0,
  handshakeRejected: 0,
  staleHandshakes: 0,
  duplicates: 0,
  senderKeyDistributions: 0,
  senderKeyRotations: 0,
  oneTimePreKeyFallbacks: 0,
  startAheadAdopted: 0,
  startAheadDropped: 0,
});
