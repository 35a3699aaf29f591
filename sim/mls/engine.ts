// The MLS engine contract (RFC 9420). The rest of the simulator talks MLS only through `MlsEngine`,
// so another implementation can be plugged in with `loadEngine({ module })`. Everything that crosses
// the boundary is a plain value: wire bytes, or opaque handles the engine alone can look inside.
//
// Rules every engine follows:
// - Values in, values out: an operation never mutates its inputs; it returns `{ state, ... }`.
// - Protocol failures are results (`{ kind: 'rejected', reason, detail }`), never exceptions, whatever
//   bytes arrive. Only misuse of the API itself (a wrong type, an unsupported ciphersuite, a handle
//   from another engine) throws, as `TypeError` / `RangeError` with a one-line message.
// - Determinism: all randomness comes from the member's `RandomBytes`, so the same source and the same
//   sequence of operations give byte-identical wire messages.
// - A commit is staged, not applied: `commit` and `joinExternal` return the would-be next state. The
//   caller keeps the old state until the delivery service accepts the commit (RFC 9420 §14), then
//   adopts the returned state, or drops it if the commit lost the race.

/** A nominal type: a `T` the compiler keeps apart from other `T`s with another tag. */
export type Brand<T, Tag extends string> = T & { readonly __brand: Tag };

/** Position of a member in the ratchet tree (RFC 9420 §7.1). */
export type LeafIndex = Brand<number, 'LeafIndex'>;

export function toLeafIndex(n: number): LeafIndex {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff) throw new RangeError(`leafIndex: expected a uint32, got ${n}`);
  return n as LeafIndex;
}

/** A deterministic byte source owned by one member: each call returns `n` fresh bytes. */
export type RandomBytes = (n: number) => Uint8Array;

declare const opaque: unique symbol;
/** A handle only the engine that made it can read. */
export type Opaque<Tag extends string> = { readonly [opaque]: Tag };

/** A member's long-term identity for one ciphersuite: credential, signature key pair, capabilities. */
export type MemberKeys = Opaque<'MlsMemberKeys'>;
/** One member's view of one group at one epoch, plus the secrets it needs to go on. */
export type GroupState = Opaque<'MlsGroupState'>;
/** The private half of a KeyPackage: init and leaf HPKE keys (RFC 9420 §10). */
export type KeyPackagePrivate = Opaque<'MlsKeyPackagePrivate'>;

export interface CiphersuiteInfo {
  readonly id: number;
  readonly name: string;
  /** True when the KEM resists a quantum adversary (the signature may still be classical). */
  readonly postQuantum: boolean;
  readonly kem: string;
  readonly aead: string;
  readonly hash: string;
  readonly signature: string;
}

export type CredentialKind = 'basic' | 'x509';

/** Extra capabilities advertised in every leaf node of the member (RFC 9420 §7.2). */
export interface CapabilityOptions {
  /** Non-default extension types understood, e.g. a custom media-types extension. */
  readonly extensions?: readonly number[];
  /** Non-default proposal types understood. */
  readonly proposals?: readonly number[];
  /** Credential types accepted from other members; `basic` is always included. */
  readonly credentials?: readonly CredentialKind[];
  /**
   * Ciphersuites advertised in `capabilities.cipher_suites` besides the member's own, which always
   * comes first. Default: the engine's own list. A client lists what it really supports, so peers
   * can choose a group suite every member can use (RFC 9420 §7.2, §12.2).
   */
  readonly ciphersuites?: readonly number[];
}

/** What one member's leaf node advertises (RFC 9420 §7.2), covered by that member's signature. */
export interface LeafInfo {
  readonly identity: string;
  /** `capabilities.cipher_suites` that this engine knows, in the leaf's order. */
  readonly ciphersuites: readonly number[];
  /** `capabilities.extensions` (GREASE values included). */
  readonly extensionTypes: readonly number[];
  /** The leaf node's own extensions. */
  readonly extensions: readonly MlsExtension[];
}

export interface MemberLeaf extends LeafInfo {
  readonly leafIndex: LeafIndex;
}

/** New leaf contents for the same member: same credential and signature key, other capabilities. */
export interface ReviseMemberOptions {
  readonly capabilities?: CapabilityOptions;
  readonly leafExtensions?: readonly MlsExtension[];
}

export type InspectKeyPackageResult =
  | { readonly kind: 'ok'; readonly ciphersuite: number; readonly leaf: LeafInfo }
  | Rejected;

// --- Importing a KeyPackage with its raw private keys (RFC 9420 test vectors; keys made elsewhere) ---

/** A serialized KeyPackage and the raw private keys behind it (HPKE SerializePrivateKey; the signature key as the suite encodes it). */
export interface ImportKeyPackageOptions {
  /** The KeyPackage as an MLSMessage (wire format mls_key_package). */
  readonly keyPackage: Uint8Array;
  /** Private key of the KeyPackage's init_key. */
  readonly initPrivateKey: Uint8Array;
  /** Private key of the leaf node's encryption_key. */
  readonly encryptionPrivateKey: Uint8Array;
  /** Private key of the leaf node's signature_key. */
  readonly signaturePrivateKey: Uint8Array;
  /** Randomness for the member's later operations (commits, updates), as for `createMember`. */
  readonly randomBytes: RandomBytes;
}

export type ImportKeyPackageResult = { readonly kind: 'ok'; readonly member: MemberKeys; readonly keyPackagePrivate: KeyPackagePrivate } | Rejected;

/** An extension (RFC 9420 §13): in a leaf node (its type is then advertised in capabilities for
 *  you) or in the group context. */
export interface MlsExtension {
  readonly type: number;
  readonly data: Uint8Array;
}

export interface CreateMemberOptions {
  /** Put in a basic credential, UTF-8 encoded. */
  readonly identity: string;
  readonly ciphersuite: number;
  readonly randomBytes: RandomBytes;
  readonly capabilities?: CapabilityOptions;
  readonly leafExtensions?: readonly MlsExtension[];
  /** Advertise random GREASE values (RFC 9420 §13.5), drawn from `randomBytes`. Default true. */
  readonly grease?: boolean;
}

export interface Member {
  readonly leafIndex: LeafIndex;
  readonly identity: string;
}

export type RejectReason =
  | 'malformed' // bytes do not decode, or are not the kind of message the operation takes
  | 'wrong-epoch' // another epoch than the group's, or one whose secrets are gone
  | 'wrong-group' // another group id
  | 'bad-signature' // authentication failed: signature, membership tag, confirmation tag or AEAD tag
  | 'replay' // an application/handshake generation already consumed or deleted (RFC 9420 §9.2)
  | 'invalid' // authentic but breaks a protocol rule (RFC 9420 §12.2, §12.4), e.g. adding a member twice
  | 'missing-proposal' // a commit references a proposal this member never received (RFC 9420 §12.4)
  | 'not-member' // this member was removed from the group, or the message is not for it
  | 'other';

export interface Rejected {
  readonly kind: 'rejected';
  readonly reason: RejectReason;
  readonly detail: string;
}

export interface HandshakeOptions {
  /** Send as PublicMessage (RFC 9420 §6.2) so a delivery service can read it. Default: PrivateMessage. */
  readonly publicMessage?: boolean;
  readonly authenticatedData?: Uint8Array;
}

export interface KeyPackageOptions {
  /** Add the last_resort extension (0x000A) so the directory may hand it out more than once. */
  readonly lastResort?: boolean;
}

export interface KeyPackageResult {
  /** An MLSMessage carrying the KeyPackage, ready for a directory. */
  readonly keyPackage: Uint8Array;
  readonly keyPackagePrivate: KeyPackagePrivate;
}

/**
 * A KeyPackage whose randomness was drawn when it was minted and whose keys and signatures are computed
 * when first needed (`MlsEngine.mintKeyPackage`). Until then `keyPackage` has its final length and all
 * the member's public fields (suite, credential, signature key, capabilities, lifetime, extensions);
 * its init_key, encryption_key and both signatures are zero bytes.
 */
export interface MintedKeyPackage {
  /** The KeyPackage MLSMessage; `build` fills it in, in place. */
  readonly keyPackage: Uint8Array;
  /** True once `keyPackage` holds the real KeyPackage. */
  readonly built: boolean;
  /**
   * Computes the KeyPackage from the seed drawn at mint time, writes it into `keyPackage` (the same
   * array) and returns what `generateKeyPackage` would have returned at mint time: the same bytes,
   * private keys and KeyPackageRef. Synchronous; later calls return the same result.
   */
  build(): KeyPackageResult;
}

export interface CreateGroupOptions {
  /** Group-context extensions (RFC 9420 §11, §13), e.g. required_capabilities. */
  readonly extensions?: readonly MlsExtension[];
}

export type ProposalResult =
  | { readonly kind: 'ok'; readonly state: GroupState; readonly proposal: Uint8Array; readonly ref: Uint8Array }
  | Rejected;

export interface CommitOptions extends HandshakeOptions {
  /** KeyPackage MLSMessages to add by value. */
  readonly adds?: readonly Uint8Array[];
  readonly removes?: readonly LeafIndex[];
  /** External PSK ids to inject by value; each must be installed in the state. */
  readonly psks?: readonly Uint8Array[];
  /** Pending proposals to include by reference: all of them (default) or the given refs. The
   *  committer's own Update proposals are always left out (RFC 9420 §12.4). */
  readonly pending?: 'all' | readonly Uint8Array[];
  /** Include an UpdatePath even when the proposals do not require one (RFC 9420 §12.4). */
  readonly forcePath?: boolean;
  /** Also return a GroupInfo for the new epoch (external_pub and ratchet tree included). */
  readonly groupInfo?: boolean;
  /**
   * A revised handle of the committing member (`reviseMember`): the UpdatePath's new leaf node carries
   * its capabilities and leaf extensions (RFC 9420 §12.4.2), so the group learns them in this commit.
   * Implies an UpdatePath. The staged state keeps the revised handle.
   */
  readonly revisedMember?: MemberKeys;
  // RFC 9420 §12.1.7, §8.6, §11.2, §12.4.3.3 (see "Resumption, ReInit, branch ..." below):
  /** A GroupContextExtensions proposal by value: the group's extensions become exactly these. */
  readonly groupContextExtensions?: readonly MlsExtension[];
  /** Resumption PSKs (usage application) of these earlier epochs of this group, by value. */
  readonly resumptionPsks?: readonly bigint[];
  /** A ReInit proposal by value; it must be the commit's only proposal (RFC 9420 §12.2). */
  readonly reinit?: ReInitParams;
  /** Leave the ratchet_tree extension out of the Welcome and return the tree as `ratchetTree`. */
  readonly ratchetTreeOutOfBand?: boolean;
}

export type CommitResult =
  | {
      readonly kind: 'ok';
      /** The next epoch, staged: adopt it only once the delivery service accepts `commit`. */
      readonly state: GroupState;
      readonly commit: Uint8Array;
      /** For the added members; carries the ratchet tree, so nothing else is needed to join. */
      readonly welcome?: Uint8Array;
      readonly groupInfo?: Uint8Array;
      readonly epoch: bigint;
      readonly addedMembers: readonly Member[];
      readonly removedMembers: readonly Member[];
      /** With `ratchetTreeOutOfBand`: the new epoch's ratchet tree, for the joiners (`JoinOptions.ratchetTree`). */
      readonly ratchetTree?: Uint8Array;
    }
  | Rejected;

export type HandshakeResult =
  | {
      readonly kind: 'accepted';
      readonly content: 'commit' | 'proposal';
      readonly state: GroupState;
      readonly epoch: bigint;
      readonly addedMembers: readonly Member[];
      readonly removedMembers: readonly Member[];
      /** The commit removed this member: `state` is final and can no longer send or receive. */
      readonly removedSelf: boolean;
      /** For a proposal: the reference a later commit will use (RFC 9420 §5.2). */
      readonly proposalRef?: Uint8Array;
    }
  | Rejected;

export interface JoinOptions {
  /** External PSKs the Welcome may reference (RFC 9420 §8.4). */
  readonly externalPsks?: readonly ExternalPsk[];
  /** The ratchet tree, when the Welcome does not carry it (RFC 9420 §12.4.3.3). */
  readonly ratchetTree?: Uint8Array;
  /** For a Welcome with a resumption PSK (ReInit or branch, RFC 9420 §11.2, §11.3): the old group's state. */
  readonly resumingFrom?: GroupState;
}

export type JoinResult = { readonly kind: 'ok'; readonly state: GroupState } | Rejected;

export type ExternalJoinResult =
  | { readonly kind: 'ok'; readonly state: GroupState; readonly commit: Uint8Array }
  | Rejected;

export type ProtectResult = { readonly kind: 'ok'; readonly state: GroupState; readonly message: Uint8Array } | Rejected;

export type UnprotectResult =
  | {
      readonly kind: 'ok';
      readonly state: GroupState;
      readonly plaintext: Uint8Array;
      readonly authenticatedData: Uint8Array;
      readonly epoch: bigint;
      readonly senderLeaf: LeafIndex;
      readonly senderIdentity: string;
    }
  | Rejected;

export interface ExternalPsk {
  readonly id: Uint8Array;
  readonly secret: Uint8Array;
}

export type PeekKind = 'commit' | 'proposal' | 'application' | 'welcome' | 'key-package' | 'group-info' | 'unknown';

/** What anyone on the path sees without keys (RFC 9420 §6: MLSMessage, PublicMessage, PrivateMessage). */
export interface PeekResult {
  readonly kind: PeekKind;
  readonly framing?: 'public' | 'private';
  readonly groupId?: Uint8Array;
  readonly epoch?: bigint;
  readonly ciphersuite?: number;
  /** Only for PublicMessage from a member. */
  readonly senderLeaf?: LeafIndex;
  readonly byteLength: number;
}

export interface MlsEngine {
  readonly name: string;
  readonly ciphersuites: readonly CiphersuiteInfo[];

  createMember(options: CreateMemberOptions): Promise<MemberKeys>;
  memberIdentity(member: MemberKeys): string;
  memberCiphersuite(member: MemberKeys): number;
  /** The same member advertising other capabilities from now on (later KeyPackages and groups). */
  reviseMember(member: MemberKeys, options: ReviseMemberOptions): MemberKeys;

  generateKeyPackage(member: MemberKeys, options?: KeyPackageOptions): Promise<KeyPackageResult>;
  /**
   * Optional: the KeyPackage `generateKeyPackage(member, options)` would make now, its crypto deferred
   * until `build()` where the engine can. Draws the operation's randomness synchronously, exactly as
   * `generateKeyPackage` would, so the member's later operations are unchanged. Where deferring is not
   * possible the KeyPackage is made now; `keyPackage` is then the unbuilt bytes all the same when their
   * length is fixed (so runs do not depend on how the engine computes), or the real bytes (`built`
   * true) when it is not (ECDSA's DER signatures) or the engine was told not to defer.
   */
  mintKeyPackage?(member: MemberKeys, options?: KeyPackageOptions): Promise<MintedKeyPackage>;
  createGroup(member: MemberKeys, groupId: Uint8Array, options?: CreateGroupOptions): Promise<{ state: GroupState }>;

  proposeAdd(state: GroupState, keyPackage: Uint8Array, options?: HandshakeOptions): Promise<ProposalResult>;
  proposeRemove(state: GroupState, leaf: LeafIndex, options?: HandshakeOptions): Promise<ProposalResult>;
  proposeUpdate(state: GroupState, options?: HandshakeOptions): Promise<ProposalResult>;
  proposePsk(state: GroupState, pskId: Uint8Array, options?: HandshakeOptions): Promise<ProposalResult>;
  commit(state: GroupState, options?: CommitOptions): Promise<CommitResult>;
  processHandshake(state: GroupState, message: Uint8Array): Promise<HandshakeResult>;

  joinFromWelcome(
    member: MemberKeys,
    welcome: Uint8Array,
    keyPackagePrivate: KeyPackagePrivate,
    options?: JoinOptions,
  ): Promise<JoinResult>;
  /** Join by external commit (RFC 9420 §12.4.3.2); the commit is staged like any other. */
  joinExternal(member: MemberKeys, groupInfo: Uint8Array, options?: ExternalJoinOptions): Promise<ExternalJoinResult>;
  /** A signed GroupInfo for the current epoch, with external_pub and (unless `ratchetTree: false`) the ratchet tree. */
  groupInfo(state: GroupState, options?: GroupInfoOptions): Promise<Uint8Array>;

  protect(state: GroupState, plaintext: Uint8Array, options?: { authenticatedData?: Uint8Array }): Promise<ProtectResult>;
  unprotect(state: GroupState, message: Uint8Array): Promise<UnprotectResult>;
  /**
   * Optional: starts `unprotect(state, message)` now, its signature check on another thread where the
   * provider can, for a message on its way to this state's device. A later `unprotect` of the same
   * state object and the same bytes object takes that result (the same value it would compute: the
   * state is immutable and the operation draws no randomness); any other call computes afresh. Never
   * throws, changes nothing observable. The promise settles when this thread's part is done up to the
   * hand-off to the other thread: the caller times that part by awaiting it with nothing else running;
   * `tail` hears the wall time of the synchronous part after the other thread's check.
   */
  unprotectAhead?(state: GroupState, message: Uint8Array, tail?: (ms: number) => void): PromiseLike<void> | undefined;
  /**
   * Optional, with `unprotectAhead`: the result `unprotect(state, message)` would give, if a decryption
   * started ahead for this state object and bytes object has already settled; taken (a later
   * `unprotect` computes afresh). Undefined, and nothing taken, otherwise. A lookup: the work was done
   * (and timed) ahead, so a receiver can go on synchronously, without a promise per copy.
   */
  unprotectSettled?(state: GroupState, message: Uint8Array): UnprotectResult | undefined;
  /** Optional, with `unprotectAhead`: true while a decryption started ahead for this state object and bytes object is still running (for accounting only). */
  unprotectPending?(state: GroupState, message: Uint8Array): boolean;

  /** Reads the cleartext framing only; never throws, never needs keys. */
  peek(message: Uint8Array): PeekResult;
  /**
   * The KeyPackageRef (RFC 9420 §5.2: RefHash("MLS 1.0 KeyPackage Reference", KeyPackage) with the
   * KeyPackage's suite hash) of one of our KeyPackages, or of KeyPackage MLSMessage bytes. Throws a
   * `RangeError` for bytes that are not exactly one KeyPackage MLSMessage.
   */
  keyPackageRef(keyPackage: KeyPackagePrivate | Uint8Array): Uint8Array;
  /**
   * The new_member KeyPackageRefs of a Welcome's secrets (RFC 9420 §12.4.3.1), readable without keys:
   * a device picks the KeyPackagePrivate whose `keyPackageRef` is listed. Never throws; [] for
   * anything that is not a Welcome.
   */
  welcomeRecipients(welcome: Uint8Array): readonly Uint8Array[];

  installExternalPsk(state: GroupState, psk: ExternalPsk): { state: GroupState };
  /** The MLS exporter (RFC 9420 §8.5). */
  exportSecret(state: GroupState, label: string, context: Uint8Array, length: number): Promise<Uint8Array>;

  epochAuthenticator(state: GroupState): Uint8Array;
  epoch(state: GroupState): bigint;
  groupId(state: GroupState): Uint8Array;
  members(state: GroupState): readonly Member[];
  /** Every member's leaf contents: what it advertises, as the group's ratchet tree holds it. */
  memberLeaves(state: GroupState): readonly MemberLeaf[];
  /**
   * Checks a KeyPackage MLSMessage's signatures (RFC 9420 §10.1: the KeyPackage's and its leaf
   * node's) and returns what its leaf advertises; `bad-signature` when any byte under them changed.
   */
  inspectKeyPackage(keyPackage: Uint8Array): Promise<InspectKeyPackageResult>;
  /**
   * A member and its KeyPackagePrivate from a serialized KeyPackage and its raw init, encryption and
   * signature private keys (as the RFC 9420 passive-client test vectors give them). The KeyPackage's
   * signatures must verify (`bad-signature`) and each private key must match its public key in it
   * (`invalid`); `malformed` when it does not decode.
   */
  importKeyPackage(options: ImportKeyPackageOptions): Promise<ImportKeyPackageResult>;
  ownLeafIndex(state: GroupState): LeafIndex;
  ciphersuite(state: GroupState): number;
  /** False once a commit removed this member. */
  isActive(state: GroupState): boolean;
  /** References of proposals received or sent this epoch and not yet committed. */
  pendingProposals(state: GroupState): readonly Uint8Array[];

  // --- Resumption, ReInit, branch, GroupContextExtensions, external senders, out-of-band trees ---
  /** A GroupContextExtensions proposal (RFC 9420 §12.1.7): the group's extensions become exactly these. */
  proposeGroupContextExtensions(state: GroupState, extensions: readonly MlsExtension[], options?: HandshakeOptions): Promise<ProposalResult>;
  /** A PreSharedKey proposal for the resumption PSK (usage application) of an earlier epoch of this group (§8.6). */
  proposeResumptionPsk(state: GroupState, epoch: bigint, options?: HandshakeOptions): Promise<ProposalResult>;
  /** A ReInit proposal (RFC 9420 §12.1.5). */
  proposeReInit(state: GroupState, reinit: ReInitParams, options?: HandshakeOptions): Promise<ProposalResult>;
  /** What a committed ReInit asks for, once this state is suspended by it (it can then no longer send); else undefined. */
  pendingReInit(state: GroupState): ReInitParams | undefined;
  /**
   * RFC 9420 §11.2: after a ReInit commit, one member creates the new group (with `member`, its keys in the
   * new suite) and adds the others' KeyPackages with a resumption PSK (usage reinit); the others join
   * with `joinFromWelcome(..., { resumingFrom: suspended })`.
   */
  reinitWelcome(suspended: GroupState, member: MemberKeys, keyPackages: readonly Uint8Array[], options?: ResumeOptions): Promise<ResumeResult>;
  /** RFC 9420 §11.3: a new group of some members, bound to this one by a resumption PSK (usage branch). */
  branch(state: GroupState, groupId: Uint8Array, keyPackages: readonly Uint8Array[], options?: BranchOptions): Promise<ResumeResult>;
  /** The group context's extensions (RFC 9420 §8.1). */
  groupContextExtensions(state: GroupState): readonly MlsExtension[];
  /** The ratchet tree as the ratchet_tree extension would carry it (RFC 9420 §12.4.3.3), for out-of-band delivery. */
  ratchetTree(state: GroupState): Uint8Array;
  /** An external sender (RFC 9420 §12.1.8.1): a server's signature key pair and basic credential. */
  createExternalSender(options: CreateMemberOptions): Promise<ExternalSenderKeys>;
  externalSenderInfo(sender: ExternalSenderKeys): ExternalSenderInfo;
  /** The external_senders group-context extension (type 5) listing these senders, in order. */
  externalSendersExtension(senders: readonly ExternalSenderInfo[]): MlsExtension;
  /** The external senders the group context lists (empty without the extension). */
  externalSenders(state: GroupState): readonly ExternalSenderInfo[];
  /**
   * A proposal signed by an external sender for the group of `groupInfo` (a PublicMessage with sender
   * type external). `not-member` if the group does not list this sender. Members process it with
   * `processHandshake` and commit it by reference.
   */
  proposeExternal(sender: ExternalSenderKeys, groupInfo: Uint8Array, proposal: ExternalProposal, options?: ExternalProposalOptions): Promise<ExternalProposalResult>;
  /** A joiner's own Add proposal (sender type new_member_proposal, RFC 9420 §12.1.8); join later from the Welcome with `keyPackagePrivate`. */
  proposeAddAsNewMember(member: MemberKeys, groupInfo: Uint8Array, options?: ExternalProposalOptions): Promise<NewMemberProposalResult>;
}

// --- Resumption, ReInit, branch, GroupContextExtensions, external senders, resync, out-of-band trees
// (RFC 9420 §8.6, §11.2, §11.3, §12.1.7, §12.1.8.1, §12.4.3.2, §12.4.3.3) ---

/** An external sender's signing keys (RFC 9420 §12.1.8.1). */
export type ExternalSenderKeys = Opaque<'MlsExternalSenderKeys'>;

/** One entry of the external_senders extension: a basic credential and its signature key. */
export interface ExternalSenderInfo {
  readonly identity: string;
  readonly signaturePublicKey: Uint8Array;
}

/** The parameters of a ReInit (RFC 9420 §12.1.5): the new group's id, suite and extensions. */
export interface ReInitParams {
  readonly groupId: Uint8Array;
  readonly ciphersuite: number;
  readonly extensions?: readonly MlsExtension[];
}

/** What an external sender may propose (RFC 9420 §12.1.8.1: no Update, no ExternalInit). */
export type ExternalProposal =
  | { readonly kind: 'add'; readonly keyPackage: Uint8Array }
  | { readonly kind: 'remove'; readonly leaf: LeafIndex }
  | { readonly kind: 'external-psk'; readonly id: Uint8Array }
  | { readonly kind: 'resumption-psk'; readonly epoch: bigint }
  | { readonly kind: 'group-context-extensions'; readonly extensions: readonly MlsExtension[] }
  | { readonly kind: 'reinit'; readonly reinit: ReInitParams };

export interface ExternalProposalOptions {
  /** The ratchet tree, when the GroupInfo does not carry it; with it the GroupInfo's signature is checked. */
  readonly ratchetTree?: Uint8Array;
  readonly authenticatedData?: Uint8Array;
}

export type ExternalProposalResult = { readonly kind: 'ok'; readonly proposal: Uint8Array } | Rejected;

export type NewMemberProposalResult =
  | { readonly kind: 'ok'; readonly proposal: Uint8Array; readonly keyPackage: Uint8Array; readonly keyPackagePrivate: KeyPackagePrivate }
  | Rejected;

export interface ResumeOptions {
  /** Include an UpdatePath in the new group's first commit. */
  readonly forcePath?: boolean;
  /** Leave the ratchet tree out of the Welcome and return it as `ratchetTree`. */
  readonly ratchetTreeOutOfBand?: boolean;
}

export interface BranchOptions extends ResumeOptions {
  /** The new group's extensions; default: this group's. */
  readonly extensions?: readonly MlsExtension[];
}

/**
 * The new group's creator state at epoch 1 and the Welcome for the others. `commit` is the new group's
 * first commit (epoch 0 to 1), which no member processes; a delivery service that orders the group from
 * its first commit can take it like any other.
 */
export type ResumeResult =
  | {
      readonly kind: 'ok';
      readonly state: GroupState;
      readonly welcome: Uint8Array;
      readonly commit: Uint8Array;
      readonly ratchetTree?: Uint8Array;
      readonly epoch: bigint;
    }
  | Rejected;

export interface ExternalJoinOptions {
  readonly authenticatedData?: Uint8Array;
  /**
   * Resync (RFC 9420 §12.4.3.2): remove the joiner's prior leaf in the same commit; `true` finds it by
   * the joiner's identity. Without it, an external join by someone whose identity is already in the
   * group is rejected (`invalid`).
   */
  readonly removePrior?: boolean | LeafIndex;
  /** External PSKs to inject (PreSharedKey proposals in the external commit). */
  readonly psks?: readonly ExternalPsk[];
  /** The ratchet tree, when the GroupInfo does not carry it. */
  readonly ratchetTree?: Uint8Array;
}

export interface GroupInfoOptions {
  /** Include the ratchet_tree extension (default true); without it joiners need `ratchetTree(state)`. */
  readonly ratchetTree?: boolean;
}

/** The function names a plugged-in engine must provide; `loadEngine` checks them. */
export const MLS_ENGINE_FUNCTIONS = [
  'createMember',
  'memberIdentity',
  'memberCiphersuite',
  'generateKeyPackage',
  'createGroup',
  'proposeAdd',
  'proposeRemove',
  'proposeUpdate',
  'proposePsk',
  'commit',
  'processHandshake',
  'joinFromWelcome',
  'joinExternal',
  'groupInfo',
  'protect',
  'unprotect',
  'peek',
  'keyPackageRef',
  'welcomeRecipients',
  'installExternalPsk',
  'exportSecret',
  'epochAuthenticator',
  'epoch',
  'groupId',
  'members',
  'memberLeaves',
  'inspectKeyPackage',
  'importKeyPackage',
  'reviseMember',
  'ownLeafIndex',
  'ciphersuite',
  'isActive',
  'pendingProposals',
  // resumption, ReInit, branch, GroupContextExtensions, external senders, out-of-band trees
  'proposeGroupContextExtensions',
  'proposeResumptionPsk',
  'proposeReInit',
  'pendingReInit',
  'reinitWelcome',
  'branch',
  'groupContextExtensions',
  'ratchetTree',
  'createExternalSender',
  'externalSenderInfo',
  'externalSendersExtension',
  'externalSenders',
  'proposeExternal',
  'proposeAddAsNewMember',
] as const satisfies readonly (keyof MlsEngine)[];

// Compile-time check that the list above names every function of MlsEngine.
type EngineFunction = { [K in keyof MlsEngine]-?: MlsEngine[K] extends (...args: never[]) => unknown ? K : never }[keyof MlsEngine];
type Unlisted = Exclude<EngineFunction, (typeof MLS_ENGINE_FUNCTIONS)[number]>;
const allListed: [Unlisted] extends [never] ? true : Unlisted = true;
void allListed;
