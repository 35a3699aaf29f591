import type { EnvelopeId, MessageId, NodeId, SimTime } from '../core/index.ts';

/** What an envelope carries, so traffic can be split by purpose (handshake vs application). */
export type PayloadKind =
  | 'application'
  | 'commit'
  | 'proposal'
  | 'welcome'
  | 'key-package'
  | 'group-info'
  | 'control'
  | 'cleartext';

/**
 * Who, not being an intended endpoint, decrypted a message: the re-encrypting `bridge`, an `attacker`
 * (a substituted key, an impersonating account), a `ghost-device` a malicious provider planted, a
 * `provider` server that read a cleartext fallback, a `stranger` a misrouted copy reached, or the
 * `client-vendor` of a multi-protocol client whose servers hold plaintext (sim/actors/multiClient).
 */
export type ExposureRole = 'bridge' | 'attacker' | 'ghost-device' | 'provider' | 'stranger' | 'client-vendor';

/** Why an envelope or a message did not make it. */
export type DropReason =
  | 'loss'
  | 'link-down'
  | 'no-route'
  | 'queue-full'
  | 'node-down'
  | 'in-flight-at-end'
  | 'stored-at-end'
  | (string & {});

/**
 * Why a message the workload meant to send was never sent: no device of the conversation could.
 * `sender-offline`: every device that is in the group is offline; `not-joined`: no member's device
 * is in the group (it is not created yet, or the Welcome has not arrived); `left`: the chosen device
 * has left the group; `no-recipients`: the sender is alone in the group; `client-api-broken`: the
 * sender's multi-protocol client could not use the service's changed API (sim/actors/multiClient).
 */
export type SkipReason = 'sender-offline' | 'not-joined' | 'left' | 'no-recipients' | 'client-api-broken';

/**
 * Every trace record. A discriminated union on `type`; later layers add variants here so one switch
 * can see them all. Records hold only virtual time and deterministic values (wall-clock measurements
 * live in metrics, never in the trace), so the trace digest is the same on any machine.
 */
export type TraceRecord =
  | {
      readonly type: 'send';
      readonly t: SimTime;
      readonly msg: MessageId;
      readonly from: NodeId;
      readonly to: readonly NodeId[];
      readonly kind: PayloadKind;
      readonly bytes: number;
    }
  | {
      readonly type: 'hop-enqueue';
      readonly t: SimTime;
      readonly env: EnvelopeId;
      readonly msg?: MessageId;
      readonly kind: PayloadKind;
      readonly from: NodeId;
      readonly node: NodeId;
      readonly bytes: number;
      /** SHA-256 (first 16 bytes, hex) of the payload bytes: the digest covers the ciphertexts. */
      readonly payload: string;
    }
  | { readonly type: 'hop-dequeue'; readonly t: SimTime; readonly env: EnvelopeId; readonly node: NodeId }
  | {
      readonly type: 'wire-drop';
      readonly t: SimTime;
      readonly env: EnvelopeId;
      readonly msg?: MessageId;
      readonly kind: PayloadKind;
      readonly from: NodeId;
      readonly node: NodeId;
      readonly reason: DropReason;
    }
  | {
      readonly type: 'deliver';
      readonly t: SimTime;
      readonly msg: MessageId;
      readonly to: NodeId;
      readonly latency: number;
    }
  | { readonly type: 'drop'; readonly t: SimTime; readonly msg: MessageId; readonly to: NodeId; readonly reason: DropReason }
  | {
      readonly type: 'reject';
      readonly t: SimTime;
      readonly msg: MessageId;
      readonly to: NodeId;
      readonly by: NodeId;
      readonly reason: string;
    }
  | {
      readonly type: 'decrypt';
      readonly t: SimTime;
      readonly msg: MessageId;
      readonly by: NodeId;
      readonly ok: boolean;
      readonly reason?: string;
    }
  /** Older traces' record of the re-encrypting bridge holding a plaintext; `expose` replaces it. */
  | { readonly type: 'plaintext-observed'; readonly t: SimTime; readonly msg: MessageId; readonly by: NodeId }
  /** A party that is not an intended endpoint really decrypted `msg` (ground truth, never a claim). */
  | { readonly type: 'expose'; readonly t: SimTime; readonly msg: MessageId; readonly by: NodeId; readonly as: ExposureRole }
  | {
      readonly type: 'mls';
      readonly t: SimTime;
      readonly op: string;
      readonly by: NodeId;
      readonly group: string;
      readonly epoch: number;
      readonly bytes: number;
      readonly outcome?: string;
    }
  /** A member's epoch authenticator checked against the other members' for the same epoch. */
  | { readonly type: 'verify'; readonly t: SimTime; readonly group: string; readonly epoch: number; readonly by: NodeId; readonly ok: boolean }
  | { readonly type: 'note'; readonly t: SimTime; readonly by: NodeId; readonly text: string }
  /** A message the workload meant to send in `conversation` that was never sent, and why (`by`: the device that could not). */
  | { readonly type: 'skip'; readonly t: SimTime; readonly conversation: string; readonly reason: SkipReason; readonly by?: NodeId };

export type TraceType = TraceRecord['type'];

/** Terminal outcomes of an application message at one recipient. */
export type OutcomeRecord = Extract<TraceRecord, { type: 'deliver' | 'drop' | 'reject' }>;
