// Application messages out (RFC 9420 §6.3): always PrivateMessage, from the sender's current epoch.
import { createApplicationMessage } from 'ts-mls';
import type { ProtectResult } from '../engine.ts';
import { withGroup, type TsGroup } from './handles.ts';
import { rejected, rejectionOf } from './rejection.ts';
import { seededOp } from './seededImpl.ts';
import { encodeMessage } from './wire.ts';

export async function protect(g: TsGroup, plaintext: Uint8Array, authenticatedData?: Uint8Array): Promise<ProtectResult> {
  if (!(plaintext instanceof Uint8Array)) throw new TypeError('plaintext: expected bytes');
  if (authenticatedData !== undefined && !(authenticatedData instanceof Uint8Array)) throw new TypeError('authenticatedData: expected bytes');
  const { cs } = seededOp(g.member); // the reuse guard (RFC 9420 §6.3.1) is the only draw
  if (g.client.groupActiveState.kind !== 'active') return rejected('not-member', 'this member is no longer in the group');
  // ts-mls refuses to send while proposals are pending: they must be committed first.
  if (Object.keys(g.client.unappliedProposals).length > 0) return rejected('invalid', 'proposals are pending; commit them before sending');
  try {
    const res = await createApplicationMessage(g.client, plaintext, cs, authenticatedData);
    return {
      kind: 'ok',
      state: withGroup(g, { client: res.newState }),
      message: encodeMessage({ version: 'mls10', wireformat: 'mls_private_message', privateMessage: res.privateMessage }),
    };
  } catch (e) {
    return rejectionOf(e);
  }
}
