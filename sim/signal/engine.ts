// The Signal protocol engine contract: PQXDH session setup, the Double Ratchet and Sender Keys,
// wire-compatible with libsignal 0.90 (see README.md). It mirrors `MlsEngine` (sim/mls/engine.ts):
// - Values in, values out: handles are opaque and immutable; an operation returns new handles.
// - Protocol failures are results (`{ kind: 'rejected', reason, detail }`) whatever bytes arrive.
//   Only misuse of the API (a wrong type, a handle from another engine) throws TypeError / RangeError.
// - Determinism: all randomness comes from the identity's `RandomBytes`, drawn synchronously in
//   call order, so the same seed and the same operations give byte-identical messages.

/** A deterministic byte source owned by one device: each call returns `n` fresh bytes. */
export type RandomBytes = (n: number) => Uint8Array;

declare const opaque: unique symbol;
/** A handle only the engine that made it can read. */
export type Opaque<Tag extends string> = { readonly [opaque]: Tag };

/** A device's identity key pair (Curve25519), registration id and random source. */
export type IdentityKeys = Opaque<'SignalIdentityKeys'>;
/** The private halves of a device's signed, one-time and Kyber prekeys. */
export type PreKeyStore = Opaque<'SignalPreKeyStore'>;
/** A pairwise session with one remote device (current state plus archived earlier ones). */
export type Session = Opaque<'SignalSession'>;
/** Our own sending chain for one distribution id (a group), with its signing key. */
export type SenderKey = Opaque<'SignalSenderKey'>;
/** What we know of one remote sender's chains for one distribution id. */
export type SenderKeyRecord = Opaque<'SignalSenderKeyRecord'>;

export type RejectReason =
  | 'malformed' // bytes do not decode, or are not the message kind the operation takes
  | 'bad-signature' // a prekey or sender-key signature does not verify
  | 'bad-mac' // the MAC fails for every session state tried (unknown or old session, tampering)
  | 'replay' // a message key already used (or deleted)
  | 'too-far' // more than MAX_FORWARD_JUMPS messages skipped in one chain
  | 'unknown-prekey' // a PreKeySignalMessage names a prekey this device does not hold (claimed or rotated away)
  | 'no-session' // a SignalMessage arrives with no session, or a sender-key message for an unknown chain
  | 'invalid'; // authentic but breaks a protocol rule, e.g. a low-order key

export interface Rejected {
  readonly kind: 'rejected';
  readonly reason: RejectReason;
  readonly detail: string;
}

export interface CreateIdentityOptions {
  readonly randomBytes: RandomBytes;
  /** 14-bit registration id as libsignal draws it; drawn from `randomBytes` when absent. */
  readonly registrationId?: number;
}

export interface IdentityInfo {
  /** Serialized (33-byte) identity public key. */
  readonly identityKey: Uint8Array;
  readonly registrationId: number;
}

export interface PreKeyOptions {
  /** A new signed prekey; omitted (with an existing store), the upload carries the store's current one. */
  readonly signedPreKeyId?: number;
  readonly oneTimePreKeyIds?: readonly number[];
  readonly kyberPreKeyIds?: readonly number[];
  /** A new last-resort Kyber prekey, handed out when the one-time ones are exhausted; omitted (with an
   *  existing store), the upload carries the store's current one. Clients rotate both on a schedule. */
  readonly lastResortKyberPreKeyId?: number;
}

export interface PublicPreKey {
  readonly id: number;
  /** Serialized (33-byte) Curve25519 or (1569-byte) Kyber public key. */
  readonly publicKey: Uint8Array;
}
export interface SignedPublicPreKey extends PublicPreKey {
  /** XEdDSA signature by the identity key over `publicKey`. */
  readonly signature: Uint8Array;
}

/** What a device uploads to its provider's directory. */
export interface PreKeyUpload {
  readonly identityKey: Uint8Array;
  readonly registrationId: number;
  readonly signedPreKey: SignedPublicPreKey;
  readonly oneTimePreKeys: readonly PublicPreKey[];
  readonly kyberPreKeys: readonly SignedPublicPreKey[];
  readonly lastResortKyberPreKey: SignedPublicPreKey;
}

/** What the directory hands out for one device (one-time prekeys claimed once, when any is left). */
export interface PreKeyBundle {
  readonly identityKey: Uint8Array;
  readonly registrationId: number;
  readonly deviceId: number;
  readonly signedPreKey: SignedPublicPreKey;
  readonly oneTimePreKey?: PublicPreKey;
  readonly kyberPreKey: SignedPublicPreKey;
}

export type PreKeysResult = { readonly preKeys: PreKeyStore; readonly upload: PreKeyUpload };

/** libsignal's CiphertextMessageType: 3 PreKey (PreKeySignalMessage), 2 Whisper (SignalMessage). */
export type PairwiseMessage = { readonly type: 'prekey' | 'whisper'; readonly bytes: Uint8Array };

/** `identity-changed`: the peer's identity key differs from the one this session had (re-registration). */
export type SessionEvent = 'new-session' | 'identity-changed';

export type InitiateResult =
  | {
      readonly kind: 'ok';
      readonly session: Session;
      /** False when the bundle had no one-time prekey left (recorded as the X3DH fallback). */
      readonly usedOneTimePreKey: boolean;
      readonly events: readonly SessionEvent[];
    }
  | Rejected;

export type EncryptResult = { readonly kind: 'ok'; readonly session: Session; readonly message: PairwiseMessage } | Rejected;

export type DecryptResult =
  | {
      readonly kind: 'ok';
      readonly session: Session;
      /** With the consumed one-time prekeys removed (the same store for a SignalMessage). */
      readonly preKeys: PreKeyStore;
      readonly plaintext: Uint8Array;
      readonly events: readonly SessionEvent[];
    }
  | Rejected;

export interface SessionInfo {
  readonly remoteIdentityKey: Uint8Array;
  readonly remoteRegistrationId: number;
  /** True once the peer answered, so messages no longer carry the PreKeySignalMessage wrapper. */
  readonly acknowledged: boolean;
  /** Archived earlier states kept to decrypt late messages of a replaced session. */
  readonly archivedStates: number;
}

export type SenderKeyResult = { readonly senderKey: SenderKey; readonly distribution: Uint8Array };

export type GroupEncryptResult = { readonly kind: 'ok'; readonly senderKey: SenderKey; readonly message: Uint8Array };

export type ProcessDistributionResult =
  | { readonly kind: 'ok'; readonly record: SenderKeyRecord; readonly distributionId: Uint8Array; readonly chainId: number }
  | Rejected;

export type GroupDecryptResult = { readonly kind: 'ok'; readonly record: SenderKeyRecord; readonly plaintext: Uint8Array } | Rejected;

export interface SignalEngine {
  readonly name: string;
  createIdentity(options: CreateIdentityOptions): IdentityKeys;
  identityInfo(identity: IdentityKeys): IdentityInfo;
  /**
   * The same identity keys drawing from another random source: a copy of a device's state elsewhere (a
   * thief's image of it) generates its own ratchet keys, it cannot predict the device's future draws.
   */
  withRandomBytes(identity: IdentityKeys, randomBytes: RandomBytes): IdentityKeys;
  /** New prekeys, added to `existing` when given (signed-prekey rotation keeps the old one for late messages);
   *  with `existing`, one-time prekeys alone can be added (the store's signed and last-resort prekeys stay). */
  createPreKeys(identity: IdentityKeys, options: PreKeyOptions, existing?: PreKeyStore): PreKeysResult;
  /** PQXDH as the initiator; replaces (and archives) `existing` if there is one. */
  initiateSession(identity: IdentityKeys, bundle: PreKeyBundle, existing?: Session): InitiateResult;
  encrypt(identity: IdentityKeys, session: Session, plaintext: Uint8Array): EncryptResult;
  /** A PreKeySignalMessage may create the session (then `session` may be undefined). */
  decrypt(identity: IdentityKeys, preKeys: PreKeyStore, session: Session | undefined, message: PairwiseMessage): DecryptResult;
  sessionInfo(session: Session): SessionInfo;
  /** A fresh sending chain and signing key for a distribution id (16-byte UUID): create, or rotate. */
  createSenderKey(identity: IdentityKeys, distributionId: Uint8Array): SenderKeyResult;
  /** The distribution message for the chain's current iteration (to send to a member who joins). */
  senderKeyDistribution(senderKey: SenderKey): Uint8Array;
  groupEncrypt(identity: IdentityKeys, senderKey: SenderKey, plaintext: Uint8Array): GroupEncryptResult;
  processSenderKeyDistribution(record: SenderKeyRecord | undefined, distribution: Uint8Array): ProcessDistributionResult;
  groupDecrypt(record: SenderKeyRecord, message: Uint8Array): GroupDecryptResult;
}

export function rejected(reason: RejectReason, detail: string): Rejected {
  return { kind: 'rejected', reason, detail };
}
