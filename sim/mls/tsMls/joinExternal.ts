// Joining by external commit (RFC 9420 §12.4.3.2): the joiner builds a commit from a GroupInfo with
// external_pub. Like any commit it is staged until the delivery service accepts it.
import type { ExternalJoinResult } from '../engine.ts';
import type { EngineContext } from './engineContext.ts';
import { freshKeyPackage } from './generateKeyPackage.ts';
import { makeGroup, type TsMember } from './handles.ts';
import { joinGroupExternal } from './joinGroupExternal.ts';
import { rejected, rejectionOf } from './rejection.ts';
import { seededOp } from './seededImpl.ts';
import { decodeMessage, encodeMessage } from './wire.ts';

export async function joinExternal(
  ctx: EngineContext,
  member: TsMember,
  groupInfo: Uint8Array,
  options: { authenticatedData?: Uint8Array } = {},
): Promise<ExternalJoinResult> {
  if (!(groupInfo instanceof Uint8Array)) throw new TypeError('groupInfo: expected bytes');
  const { cs } = seededOp(member);
  const msg = decodeMessage(groupInfo);
  if (msg === undefined) return rejected('malformed', 'does not decode as an MLSMessage');
  if (msg.wireformat !== 'mls_group_info') return rejected('malformed', `expected a group info, got ${msg.wireformat}`);
  const suite = msg.groupInfo.groupContext.cipherSuite;
  if (suite !== member.suite.params.name) return rejected('invalid', `group uses ${suite}, member ${member.suite.params.name}`);
  try {
    const kp = await freshKeyPackage(member, cs, false);
    const res = await joinGroupExternal(msg.groupInfo, kp.publicPackage, kp.privatePackage, cs, ctx.clientConfig, options.authenticatedData ?? new Uint8Array(0));
    return {
      kind: 'ok',
      state: makeGroup({ member, client: res.newState, psks: {}, pendingUpdates: [] }),
      commit: encodeMessage({ version: 'mls10', wireformat: 'mls_public_message', publicMessage: res.publicMessage }),
    };
  } catch (e) {
    return rejectionOf(e);
  }
}
