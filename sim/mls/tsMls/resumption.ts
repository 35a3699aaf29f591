// Resumption PSKs (RFC 9420 §8.6), ReInit (§11.2), branch (§11.3) and GroupContextExtensions
// proposals (§12.1.7). The new group of a ReInit or branch is created and its first commit made with
// the project's commit path (createCommitWithPath.ts), its PSK found in the old group's key schedule.
import type { CiphersuiteImpl, ClientState, Proposal, Reinit } from 'ts-mls';
import { makePskIndex } from 'ts-mls';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { ratchetTreeEncoder } from 'ts-mls/ratchetTree.js';
import type { BranchOptions, HandshakeOptions, MlsExtension, ProposalResult, ReInitParams, Rejected, ResumeOptions, ResumeResult } from '../engine.ts';
import { bytesEqual } from './bytes.ts';
import { suiteParams, suiteParamsByName } from './ciphersuites.ts';
import type { EngineContext } from './engineContext.ts';
import { createCommitWithPath } from './createCommitWithPath.ts';
import { freshKeyPackage } from './generateKeyPackage.ts';
import { checkGroupContextExtensions, fromTsExtension, toTsExtension } from './groupExtensions.ts';
import { makeGroup, type TsGroup, type TsMember } from './handles.ts';
import { decodeKeyPackageMessage } from './keyPackageMessage.ts';
import { newGroupClient } from './newGroupClient.ts';
import { send } from './proposals.ts';
import { rejected, rejectionOf } from './rejection.ts';
import { seededOp } from './seededImpl.ts';
import { encodeMessage } from './wire.ts';

export function gceProposal(extensions: readonly MlsExtension[]): { kind: 'ok'; proposal: Proposal } | Rejected {
  if (!Array.isArray(extensions)) throw new TypeError('extensions: expected a list');
  const ts = extensions.map(toTsExtension);
  const problem = checkGroupContextExtensions(ts);
  if (problem !== undefined) return rejected('invalid', `group context extensions: ${problem}`);
  return { kind: 'ok', proposal: { proposalType: 'group_context_extensions', groupContextExtensions: { extensions: ts } } };
}

export async function proposeGroupContextExtensions(g: TsGroup, extensions: readonly MlsExtension[], options: HandshakeOptions = {}): Promise<ProposalResult> {
  const { cs } = seededOp(g.member);
  const p = gceProposal(extensions);
  if (p.kind === 'rejected') return p;
  return send(g, cs, p.proposal, options);
}

/** A resumption PSK of this group (usage application) at `epoch`, if the state still holds its secret. */
export function resumptionPskProposal(client: ClientState, epoch: bigint, cs: CiphersuiteImpl): { kind: 'ok'; proposal: Proposal } | Rejected {
  if (typeof epoch !== 'bigint') throw new TypeError('epoch: expected a bigint');
  const id = {
    psktype: 'resumption' as const,
    usage: 'application' as const,
    pskGroupId: client.groupContext.groupId.slice(),
    pskEpoch: epoch,
    pskNonce: cs.rng.randomBytes(cs.kdf.size),
  };
  if (makePskIndex(client, {}).findPsk(id) === undefined) {
    return rejected('invalid', `resumption PSK: epoch ${epoch} is not held (current ${client.groupContext.epoch}; older epochs are kept only while retained)`);
  }
  return { kind: 'ok', proposal: { proposalType: 'psk', psk: { preSharedKeyId: id } } };
}

export async function proposeResumptionPsk(g: TsGroup, epoch: bigint, options: HandshakeOptions = {}): Promise<ProposalResult> {
  const { cs } = seededOp(g.member);
  const p = resumptionPskProposal(g.client, epoch, cs);
  if (p.kind === 'rejected') return p;
  return send(g, cs, p.proposal, options);
}

export function reinitProposal(groupContext: ClientState['groupContext'], params: ReInitParams): { kind: 'ok'; proposal: Proposal } | Rejected {
  if (!(params.groupId instanceof Uint8Array) || params.groupId.length === 0) throw new TypeError('reinit.groupId: expected non-empty bytes');
  const suite = suiteParams(params.ciphersuite);
  const extensions = (params.extensions ?? []).map(toTsExtension);
  const problem = checkGroupContextExtensions(extensions);
  if (problem !== undefined) return rejected('invalid', `reinit extensions: ${problem}`);
  const reinit: Reinit = { groupId: params.groupId.slice(), version: groupContext.version, cipherSuite: suite.name, extensions };
  return { kind: 'ok', proposal: { proposalType: 'reinit', reinit } };
}

export async function proposeReInit(g: TsGroup, params: ReInitParams, options: HandshakeOptions = {}): Promise<ProposalResult> {
  const { cs } = seededOp(g.member);
  const p = reinitProposal(g.client.groupContext, params);
  if (p.kind === 'rejected') return p;
  return send(g, cs, p.proposal, options);
}

export function pendingReInit(g: TsGroup): ReInitParams | undefined {
  const s = g.client.groupActiveState;
  if (s.kind !== 'suspendedPendingReinit') return undefined;
  const suite = suiteParamsByName(s.reinit.cipherSuite);
  return Object.freeze({ groupId: s.reinit.groupId.slice(), ciphersuite: suite?.id ?? -1, extensions: s.reinit.extensions.map(fromTsExtension) });
}

/** RFC 9420 §11.2: the new group of a committed ReInit, with a resumption PSK (usage reinit). */
export async function reinitWelcome(
  ctx: EngineContext,
  g: TsGroup,
  member: TsMember,
  keyPackages: readonly Uint8Array[],
  options: ResumeOptions = {},
): Promise<ResumeResult> {
  if (member.identity !== g.member.identity) throw new TypeError('member: not the member this state belongs to');
  const s = g.client.groupActiveState;
  if (s.kind !== 'suspendedPendingReinit') return rejected('invalid', 'reinit welcome: this state is not suspended by a committed ReInit');
  if (member.suite.params.name !== s.reinit.cipherSuite) {
    return rejected('invalid', `reinit welcome: the ReInit asks for ${s.reinit.cipherSuite}, member keys are for ${member.suite.params.name}`);
  }
  return resume(ctx, g, member, 'reinit', s.reinit.groupId, s.reinit.extensions, keyPackages, options);
}

/** RFC 9420 §11.3: a subgroup bound to this group by a resumption PSK (usage branch); same suite. */
export async function branch(ctx: EngineContext, g: TsGroup, groupId: Uint8Array, keyPackages: readonly Uint8Array[], options: BranchOptions = {}): Promise<ResumeResult> {
  if (!(groupId instanceof Uint8Array) || groupId.length === 0) throw new TypeError('groupId: expected non-empty bytes');
  if (g.client.groupActiveState.kind !== 'active') return rejected('not-member', 'branch: not an active member');
  if (bytesEqual(groupId, g.client.groupContext.groupId)) return rejected('invalid', 'branch: the new group needs a new group id');
  const extensions = options.extensions === undefined ? g.client.groupContext.extensions : options.extensions.map(toTsExtension);
  return resume(ctx, g, g.member, 'branch', groupId, extensions, keyPackages, options);
}

async function resume(
  ctx: EngineContext,
  g: TsGroup,
  member: TsMember,
  usage: 'reinit' | 'branch',
  groupId: Uint8Array,
  extensions: ClientState['groupContext']['extensions'],
  keyPackages: readonly Uint8Array[],
  options: ResumeOptions,
): Promise<ResumeResult> {
  if (!Array.isArray(keyPackages)) throw new TypeError('keyPackages: expected a list of KeyPackage messages');
  const { cs } = seededOp(member);
  const suite = member.suite.params.name;
  const adds: Proposal[] = [];
  for (const [i, bytes] of keyPackages.entries()) {
    const kp = decodeKeyPackageMessage(bytes, suite);
    if (kp.kind === 'rejected') return { ...kp, detail: `keyPackages[${i}]: ${kp.detail}` };
    adds.push({ proposalType: 'add', add: { keyPackage: kp.keyPackage } });
  }
  try {
    const own = await freshKeyPackage(member, cs, false);
    const client = await newGroupClient(groupId, own, extensions, cs, ctx.clientConfig);
    const psk: Proposal = {
      proposalType: 'psk',
      psk: {
        preSharedKeyId: {
          psktype: 'resumption',
          usage,
          pskGroupId: g.client.groupContext.groupId.slice(),
          pskEpoch: g.client.groupContext.epoch,
          pskNonce: cs.rng.randomBytes(cs.kdf.size),
        },
      },
    };
    const out = await createCommitWithPath({
      state: client,
      cs,
      pskIndex: makePskIndex(g.client, {}),
      refs: [],
      values: [...adds, psk],
      forcePath: options.forcePath === true,
      publicMessage: false,
      authenticatedData: new Uint8Array(0),
      ratchetTreeOutOfBand: options.ratchetTreeOutOfBand === true,
    });
    if (out.welcome === undefined) return rejected('invalid', `${usage}: no KeyPackages, so nobody to welcome`);
    return {
      kind: 'ok',
      state: makeGroup({ member, client: out.newState, psks: g.psks, pendingUpdates: [] }),
      welcome: encodeMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: out.welcome }),
      commit: encodeMessage(out.commit),
      ...(options.ratchetTreeOutOfBand === true && { ratchetTree: encode(ratchetTreeEncoder)(out.newState.ratchetTree) }),
      epoch: out.newState.groupContext.epoch,
    };
  } catch (e) {
    return rejectionOf(e);
  }
}
