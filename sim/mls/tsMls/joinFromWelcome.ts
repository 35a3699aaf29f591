// Joining from a Welcome (RFC 9420 §12.4.3.1). The Welcome carries the ratchet tree, so the KeyPackage's
// private half is all the joiner needs. joinGroup.ts is ts-mls's, with a corrected tree check.
import { makePskIndex } from 'ts-mls';
import { bytesToBase64 } from 'ts-mls/util/byteArray.js';
import type { JoinOptions, JoinResult } from '../engine.ts';
import { bytesEqual } from './bytes.ts';
import type { EngineContext } from './engineContext.ts';
import { asGroup, makeGroup, type TsKeyPackagePrivate, type TsMember } from './handles.ts';
import { decodeTree } from './ratchetTreeBytes.ts';
import { joinGroup } from './joinGroup.ts';
import { refOf } from './keyPackageRef.ts';
import { rejected, rejectionOf } from './rejection.ts';
import { decodeMessage } from './wire.ts';

export async function joinFromWelcome(
  ctx: EngineContext,
  member: TsMember,
  welcome: Uint8Array,
  kp: TsKeyPackagePrivate,
  options: JoinOptions = {},
): Promise<JoinResult> {
  if (!(welcome instanceof Uint8Array)) throw new TypeError('welcome: expected bytes');
  if (!bytesEqual(kp.keyPackage.leafNode.signaturePublicKey, member.signPublicKey)) {
    throw new TypeError('keyPackagePrivate: belongs to another member');
  }
  const psks = externalPskRecord(options);
  const msg = decodeMessage(welcome);
  if (msg === undefined) return rejected('malformed', 'does not decode as an MLSMessage');
  if (msg.wireformat !== 'mls_welcome') return rejected('malformed', `expected a welcome, got ${msg.wireformat}`);
  if (msg.welcome.cipherSuite !== kp.keyPackage.cipherSuite) return rejected('invalid', `welcome uses ${msg.welcome.cipherSuite}`);
  const cs = member.suite.impl;
  const tree = options.ratchetTree === undefined ? undefined : decodeTree(options.ratchetTree, 'ratchetTree');
  if (tree?.kind === 'rejected') return tree;
  const resumingFrom = options.resumingFrom === undefined ? undefined : asGroup(options.resumingFrom).client;
  try {
    const ref = refOf(kp.keyPackage);
    if (!msg.welcome.secrets.some((s) => bytesEqual(s.newMember, ref))) return rejected('not-member', 'welcome holds no secrets for this key package');
    // A resumption PSK (ReInit, branch) is found in the old group's key schedule.
    const client = await joinGroup(msg.welcome, kp.keyPackage, kp.privatePackage, makePskIndex(resumingFrom, psks), cs, ctx.clientConfig, {
      ...(tree !== undefined && { ratchetTree: tree.tree }),
      ...(resumingFrom !== undefined && { resumingFrom }),
    });
    return { kind: 'ok', state: makeGroup({ member, client, psks, pendingUpdates: [] }) };
  } catch (e) {
    return rejectionOf(e);
  }
}

function externalPskRecord(options: JoinOptions): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const p of options.externalPsks ?? []) {
    if (!(p.id instanceof Uint8Array) || !(p.secret instanceof Uint8Array)) throw new TypeError('externalPsks: id and secret must be bytes');
    out[bytesToBase64(p.id)] = p.secret.slice();
  }
  return out;
}
