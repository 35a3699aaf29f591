import type { MessageId, NodeId, SimTime } from '../../core/index.ts';
import { compose } from '../../content/index.ts';
import type { GroupName } from '../protocol.ts';
import type { DeviceActor, DeviceServices } from '../device.ts';
import type { Exposures } from '../exposures.ts';
import type { ProviderActor } from '../provider.ts';
import type { World } from '../world.ts';
import type { ClientSide } from '../abuse/clientSide.ts';
import type { UserId } from '../protocol.ts';

/**
 * What an attacker measured about itself at the end of a run. Every number comes from what really
 * happened in the run (a decryption that succeeded, a delivery the ledger recorded, a warning a client
 * raised), never from the attacker's own belief that it succeeded.
 */
export interface AttackReport {
  /** Attack attempts: targets attacked, messages tampered with, accounts registered... (per attacker). */
  readonly attempts: number;
  /** Attempts that reached the attacker's goal, as observed on outcomes. */
  readonly successes: number;
  /** Messages whose plaintext the attacker really held (it decrypted them, or they came in clear). */
  readonly exposed: number;
  /** Messages a victim accepted as genuine that the attacker made or altered. */
  readonly forged: number;
  /** Virtual seconds from each detected attempt to its detection (by a client, monitor or auditor). */
  readonly detections: readonly number[];
  /** Filters only (spam): legitimate messages a defense wrongly held back, and how many it judged. */
  readonly falsePositives?: number;
  readonly legitimate?: number;
  /** Spam only: share of targeted users that saw at least one unwanted message. */
  readonly reach?: number;
  /** Attacker-specific counters worth printing (all measured), e.g. `dropped`, `replayed`. */
  readonly detail?: Readonly<Record<string, number>>;
}

/** An attacker acting inside a run, on the run's real messages and keys. */
export interface Attacker {
  /** The scenario's `kind` for this attacker, e.g. `key-substituting-directory`. */
  readonly kind: string;
  /** A stable id for the trace and the report, e.g. `attacker/provB`. */
  readonly id: string;
  /** Called once after the run settled every outcome. */
  report(): AttackReport;
}

/** The built world an attacker is installed into: the same objects the honest actors use. */
export interface AttackerContext {
  readonly world: World;
  readonly providers: ReadonlyMap<NodeId, ProviderActor>;
  readonly devices: ReadonlyMap<string, DeviceActor>;
  readonly exposures: Exposures;
  readonly services: DeviceServices;
  /** The architecture of the run, e.g. `bridge-reencrypt` (some attacks only exist under some). */
  readonly architecture: string;
  /** When the workload stops: attackers act before it. */
  readonly end: SimTime;
  /** The run's people, and a way to add accounts with real devices (spammers, impersonators). */
  readonly population: {
    readonly users: readonly PopulationUser[];
    spawn(user: PopulationUser): DeviceActor[];
  };
  /** The inbox every decrypted message passes, contacts, and the client-side spam defenses. */
  readonly clients: ClientSide;
  /** Conversations between users of different providers, as the run's arrangement between them carries them. */
  readonly across?: CrossProviderConversations;
}

/**
 * How a user reaches a user of another provider in this run, decided by the arrangement between the
 * two providers: a bridge (re-encrypting or the gatekeeper's offer) carries any conversation; a
 * multi-protocol client is reached at a service it already holds an account at; a silo not at all.
 */
export interface CrossProviderConversations {
  /** Whether a conversation from `from` to `target` would carry messages now, without opening anything. */
  carries(from: PopulationUser, target: PopulationUser): boolean;
  /**
   * Opens a 1:1 conversation named `conversation` from `from` to `target` the way the run places
   * groups (the bridge opens the target's side): the group `from` sends in, and the device it uses.
   */
  open(conversation: string, from: PopulationUser, target: PopulationUser, ciphersuite: number): Promise<{ readonly group: GroupName; readonly device: DeviceActor; /** The identity the target takes part as (its account there, for a multi-protocol client). */ readonly targetAs: UserId }>;
}

/** A person of the run (the shape of sim/workload's UserPlan). */
export interface PopulationUser {
  readonly id: UserId;
  readonly provider: NodeId;
  readonly devices: readonly NodeId[];
  readonly ciphersuites: readonly number[];
  readonly intermittent: readonly boolean[];
}

/** Seconds of virtual time between two instants, for detection times. */
export const secondsBetween = (from: SimTime, to: SimTime): number => (to - from) / 1_000_000;

/**
 * Sends a plain text message from `device` the way any client of the run does: inside the run's
 * content layer (a basic text part in the MLS application message) when it has one.
 */
export function sendText(ctx: Pick<AttackerContext, 'services'>, device: DeviceActor, group: GroupName, msg: MessageId, text: string): Promise<boolean> {
  const content = ctx.services.content;
  return content === undefined ? device.sendApplication(group, msg, new TextEncoder().encode(text)) : content.send(device, group, msg, compose(msg, text));
}
