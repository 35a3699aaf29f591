// The built-in MlsEngine, over ts-mls 1.6.4. Each operation lives in its own file under tsMls/; this
// file checks handles at the boundary and wires the operations together.
import { mlsExporter } from 'ts-mls';
import { bytesToBase64, base64ToBytes } from 'ts-mls/util/byteArray.js';
import { toLeafIndex, type MlsEngine } from './engine.ts';
import { peek, welcomeRecipients } from './peek.ts';
import { tsMlsCiphersuites, suiteParamsByName } from './tsMls/ciphersuites.ts';
import { commit } from './tsMls/commit.ts';
import { createGroup } from './tsMls/createGroup.ts';
import { createMember } from './tsMls/createMember.ts';
import { engineContext, type TsMlsEngineOptions } from './tsMls/engineContext.ts';
import { generateKeyPackage } from './tsMls/generateKeyPackage.ts';
import { mintKeyPackage } from './tsMls/mintKeyPackage.ts';
import { groupInfo } from './tsMls/groupInfo.ts';
import { asGroup, asKeyPackagePrivate, asMember, withGroup } from './tsMls/handles.ts';
import { joinExternal } from './tsMls/joinExternal.ts';
import { joinFromWelcome } from './tsMls/joinFromWelcome.ts';
import { keyPackageRef } from './tsMls/keyPackageRef.ts';
import { inspectKeyPackage } from './tsMls/inspectKeyPackage.ts';
import { importKeyPackage } from './tsMls/importKeyPackage.ts';
import { memberLeavesOf, membersOf } from './tsMls/members.ts';
import { reviseMember } from './tsMls/reviseMember.ts';
import { processHandshake } from './tsMls/processHandshake.ts';
import { proposeAdd, proposePsk, proposeRemove, proposeUpdate } from './tsMls/proposals.ts';
import { protect } from './tsMls/protect.ts';
import { unprotect, unprotectAhead, unprotectPending, unprotectSettled } from './tsMls/unprotect.ts';
// resumption, ReInit, branch, GroupContextExtensions, external senders, out-of-band trees
import { encodeExternalSenders, EXTERNAL_SENDERS, externalSendersOf, fromTsExtension, senderInfo } from './tsMls/groupExtensions.ts';
import { asExternalSender } from './tsMls/handles.ts';
import { createExternalSender, proposeAddAsNewMember, proposeExternal } from './tsMls/externalSenders.ts';
import { groupInfoWithoutTree } from './tsMls/groupInfoWithoutTree.ts';
import { encodeTree } from './tsMls/ratchetTreeBytes.ts';
import { branch, pendingReInit, proposeGroupContextExtensions, proposeReInit, proposeResumptionPsk, reinitWelcome } from './tsMls/resumption.ts';

export type { TsMlsEngineOptions } from './tsMls/engineContext.ts';
export type { CryptoMode } from './tsMls/suiteCrypto.ts';

export function createTsMlsEngine(options: TsMlsEngineOptions = {}): MlsEngine {
  const ctx = engineContext(options);
  const leaf = (n: number) => toLeafIndex(n);
  // Operations are async functions so that misuse rejects rather than throws; each still draws its
  // random seed synchronously, in call order, before its first await.
  return Object.freeze({
    name: 'ts-mls',
    ciphersuites: tsMlsCiphersuites.map(({ id, name, postQuantum, kem, aead, hash, signature }) =>
      Object.freeze({ id, name, postQuantum, kem, aead, hash, signature }),
    ),

    createMember: async (o) => createMember(ctx, o),
    memberIdentity: (m) => asMember(m).identity,
    memberCiphersuite: (m) => asMember(m).suite.params.id,
    reviseMember: (m, o) => reviseMember(asMember(m), o),

    generateKeyPackage: async (m, o) => generateKeyPackage(asMember(m), o),
    mintKeyPackage: async (m, o) => mintKeyPackage(ctx, asMember(m), o),
    createGroup: async (m, groupId, o) => createGroup(ctx, asMember(m), groupId, o),

    proposeAdd: async (s, kp, o) => proposeAdd(asGroup(s), kp, checkAd(o)),
    proposeRemove: async (s, l, o) => proposeRemove(asGroup(s), leaf(l), checkAd(o)),
    proposeUpdate: async (s, o) => proposeUpdate(asGroup(s), checkAd(o)),
    proposePsk: async (s, id, o) => proposePsk(asGroup(s), id, checkAd(o)),
    commit: async (s, o) =>
      commit(asGroup(s), { ...checkAd(o), removes: o?.removes?.map(leaf), revisedMember: o?.revisedMember === undefined ? undefined : asMember(o.revisedMember) }),
    processHandshake: async (s, m) => processHandshake(asGroup(s), m),

    joinFromWelcome: async (m, w, k, o) => joinFromWelcome(ctx, asMember(m), w, asKeyPackagePrivate(k), o),
    joinExternal: async (m, gi, o) => joinExternal(ctx, asMember(m), gi, checkAd(o)),
    groupInfo: async (s, o) => (o?.ratchetTree === false ? groupInfoWithoutTree(asGroup(s)) : groupInfo(asGroup(s))),

    protect: async (s, pt, o) => protect(asGroup(s), pt, checkAd(o)?.authenticatedData),
    unprotect: async (s, m) => unprotect(asGroup(s), m),
    unprotectAhead: (s, m, spent) => unprotectAhead(asGroup(s), m, spent),
    unprotectSettled: (s, m) => unprotectSettled(asGroup(s), m),
    unprotectPending: (s, m) => unprotectPending(asGroup(s), m),
    peek,
    keyPackageRef,
    welcomeRecipients,

    installExternalPsk(s, psk) {
      const g = asGroup(s);
      if (!(psk.id instanceof Uint8Array) || !(psk.secret instanceof Uint8Array)) throw new TypeError('psk: id and secret must be bytes');
      return { state: withGroup(g, { psks: { ...g.psks, [bytesToBase64(psk.id)]: psk.secret.slice() } }) };
    },
    async exportSecret(s, label, context, length) {
      const g = asGroup(s);
      if (!Number.isInteger(length) || length < 0 || length > 0xffff) throw new RangeError(`length: expected a uint16, got ${length}`);
      return mlsExporter(g.client.keySchedule.exporterSecret, label, context, length, g.member.suite.impl);
    },

    epochAuthenticator: (s) => asGroup(s).client.keySchedule.epochAuthenticator.slice(),
    epoch: (s) => asGroup(s).client.groupContext.epoch,
    groupId: (s) => asGroup(s).client.groupContext.groupId.slice(),
    members: (s) => membersOf(asGroup(s).client.ratchetTree),
    memberLeaves: (s) => memberLeavesOf(asGroup(s).client.ratchetTree),
    inspectKeyPackage: async (kp) => inspectKeyPackage(ctx, kp),
    importKeyPackage: async (o) => importKeyPackage(ctx, o),
    ownLeafIndex: (s) => leaf(asGroup(s).client.privatePath.leafIndex),
    ciphersuite: (s) => suiteParamsByName(asGroup(s).client.groupContext.cipherSuite)?.id ?? -1,
    isActive: (s) => asGroup(s).client.groupActiveState.kind === 'active',
    pendingProposals: (s) => Object.keys(asGroup(s).client.unappliedProposals).map(base64ToBytes),

    // resumption, ReInit, branch, GroupContextExtensions, external senders, out-of-band trees
    proposeGroupContextExtensions: async (s, e, o) => proposeGroupContextExtensions(asGroup(s), e, checkAd(o)),
    proposeResumptionPsk: async (s, epoch, o) => proposeResumptionPsk(asGroup(s), epoch, checkAd(o)),
    proposeReInit: async (s, r, o) => proposeReInit(asGroup(s), r, checkAd(o)),
    pendingReInit: (s) => pendingReInit(asGroup(s)),
    reinitWelcome: async (s, m, kps, o) => reinitWelcome(ctx, asGroup(s), asMember(m), kps, o),
    branch: async (s, groupId, kps, o) => branch(ctx, asGroup(s), groupId, kps, o),
    groupContextExtensions: (s) => asGroup(s).client.groupContext.extensions.map(fromTsExtension),
    ratchetTree: (s) => encodeTree(asGroup(s).client.ratchetTree),
    createExternalSender: async (o) => createExternalSender(ctx, o),
    externalSenderInfo: (x) => {
      const e = asExternalSender(x);
      return Object.freeze({ identity: e.identity, signaturePublicKey: e.signPublicKey.slice() });
    },
    externalSendersExtension: (list) => Object.freeze({ type: EXTERNAL_SENDERS, data: encodeExternalSenders(list) }),
    externalSenders: (s) => externalSendersOf(asGroup(s).client.groupContext.extensions).map(senderInfo),
    proposeExternal: async (x, gi, p, o) => proposeExternal(asExternalSender(x), gi, p, checkAd(o)),
    proposeAddAsNewMember: async (m, gi, o) => proposeAddAsNewMember(asMember(m), gi, checkAd(o)),
  } satisfies MlsEngine);
}

function checkAd<T extends { authenticatedData?: Uint8Array }>(options: T | undefined): T | undefined {
  if (options?.authenticatedData !== undefined && !(options.authenticatedData instanceof Uint8Array)) {
    throw new TypeError('authenticatedData: expected bytes');
  }
  return options;
}
