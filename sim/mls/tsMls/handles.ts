// What the opaque handles of engine.ts hold inside the ts-mls engine, and the checks that a handle
// passed in really is one of ours.
import type { Capabilities, ClientState, Credential, Extension, KeyPackage, PrivateKeyPackage } from 'ts-mls';
import type { ExternalSenderKeys, GroupState, KeyPackagePrivate, MemberKeys, RandomBytes } from '../engine.ts';
import type { SuiteCrypto } from './suiteCrypto.ts';

const TAG = Symbol('ts-mls engine handle');

export interface TsMember {
  readonly [TAG]: 'member';
  readonly identity: string;
  readonly suite: SuiteCrypto;
  readonly randomBytes: RandomBytes;
  readonly credential: Credential;
  readonly capabilities: Capabilities;
  readonly leafExtensions: readonly Extension[];
  readonly signKey: Uint8Array;
  readonly signPublicKey: Uint8Array;
}

export interface TsKeyPackagePrivate {
  readonly [TAG]: 'key-package-private';
  readonly keyPackage: KeyPackage;
  readonly privatePackage: PrivateKeyPackage;
}

/** A leaf key pair we proposed in an Update and need if a commit applies it (RFC 9420 §12.1.2). */
export interface PendingUpdate {
  readonly hpkePublicKey: Uint8Array;
  readonly hpkePrivateKey: Uint8Array;
}

export interface TsGroup {
  readonly [TAG]: 'group';
  readonly member: TsMember;
  readonly client: ClientState;
  /** External PSKs by base64 of their id, the form ts-mls's makePskIndex looks them up in. */
  readonly psks: Readonly<Record<string, Uint8Array>>;
  readonly pendingUpdates: readonly PendingUpdate[];
}

export function makeMember(m: Omit<TsMember, typeof TAG>): MemberKeys {
  return Object.freeze({ ...m, [TAG]: 'member' as const }) as unknown as MemberKeys;
}

export function makeKeyPackagePrivate(k: Omit<TsKeyPackagePrivate, typeof TAG>): KeyPackagePrivate {
  return Object.freeze({ ...k, [TAG]: 'key-package-private' as const }) as unknown as KeyPackagePrivate;
}

export function makeGroup(g: Omit<TsGroup, typeof TAG>): GroupState {
  return Object.freeze({ ...g, [TAG]: 'group' as const }) as unknown as GroupState;
}

/** A new group handle with some fields replaced. */
export function withGroup(g: TsGroup, changes: Partial<Omit<TsGroup, typeof TAG>>): GroupState {
  return makeGroup({ member: g.member, client: g.client, psks: g.psks, pendingUpdates: g.pendingUpdates, ...changes });
}

export function asMember(x: MemberKeys): TsMember {
  return check(x, 'member', 'member') as TsMember;
}

export function asKeyPackagePrivate(x: KeyPackagePrivate): TsKeyPackagePrivate {
  return check(x, 'key-package-private', 'keyPackagePrivate') as TsKeyPackagePrivate;
}

export function asGroup(x: GroupState): TsGroup {
  return check(x, 'group', 'state') as TsGroup;
}

function check(x: unknown, tag: string, field: string): unknown {
  if (typeof x !== 'object' || x === null || (x as { [TAG]?: unknown })[TAG] !== tag) {
    throw new TypeError(`${field}: not a ${tag} handle of the ts-mls engine`);
  }
  return x;
}

/**
 * The same group state held by another handle of the same member: same identity and keys, e.g. the
 * member as created from the same seed by an engine on the other crypto provider. States are plain
 * data (keys as bytes), so a benchmark can build a large group once and measure both providers on it.
 */
export function rebindGroup(state: GroupState, member: MemberKeys): GroupState {
  const g = asGroup(state);
  const m = asMember(member);
  if (m.identity !== g.member.identity || m.signPublicKey.length !== g.member.signPublicKey.length || !m.signPublicKey.every((b, i) => b === g.member.signPublicKey[i])) {
    throw new TypeError('member: not the member this state belongs to');
  }
  return withGroup(g, { member: m });
}

/** Bytes of the member's whole ts-mls ClientState as ts-mls serializes it (encodeGroupState): its size at rest. */
export async function serializedStateBytes(state: GroupState): Promise<number> {
  const { encodeGroupState } = await import('ts-mls/clientState.js');
  return encodeGroupState(asGroup(state).client).length;
}

/** An external sender (RFC 9420 §12.1.8.1): a signature key pair and basic credential, no group state. */
export interface TsExternalSender {
  readonly [TAG]: 'external-sender';
  readonly identity: string;
  readonly suite: SuiteCrypto;
  readonly randomBytes: RandomBytes;
  readonly signKey: Uint8Array;
  readonly signPublicKey: Uint8Array;
}

export function makeExternalSender(s: Omit<TsExternalSender, typeof TAG>): ExternalSenderKeys {
  return Object.freeze({ ...s, [TAG]: 'external-sender' as const }) as unknown as ExternalSenderKeys;
}

export function asExternalSender(x: ExternalSenderKeys): TsExternalSender {
  return check(x, 'external-sender', 'sender') as TsExternalSender;
}
