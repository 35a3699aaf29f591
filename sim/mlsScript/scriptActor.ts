import type { NodeId } from '../core/index.ts';
import type { ExternalPsk, ExternalSenderKeys, GroupState, KeyPackagePrivate, MemberKeys, RandomBytes } from '../mls/engine.ts';

/** A commit this actor made and has not adopted yet (RFC 9420 §14: adopt once the DS accepts it). */
export interface StagedCommit {
  readonly state: GroupState;
  /** Sent to `joiners` once the commit is accepted. */
  readonly welcome?: Uint8Array;
  readonly joiners: readonly string[];
  /** With the tree delivered out of band: sent to the joiners just before the Welcome. */
  readonly ratchetTree?: Uint8Array;
}

/** A key package this actor made and has not used, with the member keys (and suite) it belongs to. */
export interface HeldKeyPackage {
  readonly private: KeyPackagePrivate;
  readonly keys: MemberKeys;
  readonly suite: number;
}

export interface InboxEntry {
  /** The actor that posted the item. */
  readonly origin: string;
  readonly bytes: Uint8Array;
}

/** One actor of a script: one simulated client node, one MLS client, one group session. */
export class ScriptActor {
  /** Member keys by ciphersuite (a ReInit may move the group to another suite). */
  readonly keys = new Map<number, MemberKeys>();
  state: GroupState | undefined;
  /** Private halves of the key packages this actor made, oldest first. */
  readonly keyPackages: HeldKeyPackage[] = [];
  /** This actor's keys as an external sender (addExternalSigner), made on first use. */
  signer: ExternalSenderKeys | undefined;
  /** External PSKs installed for this client, also put into every group state it gets later. */
  readonly psks: ExternalPsk[] = [];
  /** Commits staged by action index. */
  readonly staged = new Map<number, StagedCommit>();
  /** Fetched key packages and GroupInfos by `storeKey(source, item)`, in arrival order. */
  readonly inbox = new Map<string, InboxEntry[]>();

  constructor(
    readonly name: string,
    readonly node: NodeId,
    readonly randomBytes: RandomBytes,
  ) {}
}
