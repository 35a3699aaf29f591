// Joining by external commit (RFC 9420 §12.4.3.2): the joiner builds a commit from a GroupInfo with
// external_pub. Like any commit it is staged until the delivery service accepts it. The commit,
// with resync (`removePrior`), PSKs or an out-of-band ratchet tree when asked, is built by externalCommit.ts.
import type { RatchetTree } from 'ts-mls';
import { ratchetTreeFromExtension } from 'ts-mls/groupInfo.js';
import type { ExternalJoinOptions, ExternalJoinResult } from '../engine.ts';
import type { EngineContext } from './engineContext.ts';
import { externalCommit } from './externalCommit.ts';
import { freshKeyPackage } from './generateKeyPackage.ts';
import { makeGroup, type TsMember } from './handles.ts';
import { identityOf } from './members.ts';
import { decodeTree } from './ratchetTreeBytes.ts';
import { rejected, rejectionOf } from './rejection.ts';
import { seededOp } from './seededImpl.ts';
import { decodeMessage, encodeMessage } from './wire.ts';

export async function joinExternal(ctx: EngineContext, member: TsMember, groupInfo: Uint8Array, options: ExternalJoinOptions = {}): Promise<ExternalJoinResult> {
  if (!(groupInfo instanceof Uint8Array)) throw new TypeError('groupInfo: expected bytes');
  for (const p of options.psks ?? []) if (!(p.id instanceof Uint8Array) || !(p.secret instanceof Uint8Array)) throw new TypeError('psks: id and secret must be bytes');
  const { cs } = seededOp(member);
  const msg = decodeMessage(groupInfo);
  if (msg === undefined) return rejected('malformed', 'does not decode as an MLSMessage');
  if (msg.wireformat !== 'mls_group_info') return rejected('malformed', `expected a group info, got ${msg.wireformat}`);
  const suite = msg.groupInfo.groupContext.cipherSuite;
  if (suite !== member.suite.params.name) return rejected('invalid', `group uses ${suite}, member ${member.suite.params.name}`);
  let tree: RatchetTree | undefined;
  try {
    tree = ratchetTreeFromExtension(msg.groupInfo);
  } catch (e) {
    return rejectionOf(e);
  }
  if (tree === undefined && options.ratchetTree !== undefined) {
    const t = decodeTree(options.ratchetTree, 'ratchetTree');
    if (t.kind === 'rejected') return t;
    tree = t.tree;
  }
  if (tree === undefined) return rejected('invalid', 'the GroupInfo carries no ratchet tree and none was given (ratchetTree)');
  const prior = priorLeaf(tree, member, options.removePrior);
  if (typeof prior === 'object') return prior;
  const psks = options.psks ?? [];
  try {
    const kp = await freshKeyPackage(member, cs, false);
    const ad = options.authenticatedData ?? new Uint8Array(0);
    const res = await externalCommit({
      groupInfo: msg.groupInfo,
      tree,
      keyPackage: kp.publicPackage,
      privateKeys: kp.privatePackage,
      cs,
      clientConfig: ctx.clientConfig,
      authenticatedData: ad,
      ...(prior !== undefined && { removePrior: prior }),
      psks,
    });
    const installed = Object.fromEntries(psks.map((p) => [Buffer.from(p.id).toString('base64'), p.secret.slice()]));
    return {
      kind: 'ok',
      state: makeGroup({ member, client: res.newState, psks: installed, pendingUpdates: [] }),
      commit: encodeMessage({ version: 'mls10', wireformat: 'mls_public_message', publicMessage: res.publicMessage }),
    };
  } catch (e) {
    return rejectionOf(e);
  }
}

/**
 * The leaf a resync removes (RFC 9420 §12.4.3.2), found by the joiner's identity or given; without
 * `removePrior`, a joiner whose identity already holds a leaf is refused: it would be in the group twice.
 */
function priorLeaf(tree: RatchetTree, member: TsMember, removePrior: ExternalJoinOptions['removePrior']): number | undefined | ReturnType<typeof rejected> {
  const mine: number[] = [];
  for (let i = 0; i < tree.length; i += 2) {
    const n = tree[i];
    if (n?.nodeType === 'leaf' && identityOf(n.leaf.credential) === member.identity) mine.push(i / 2);
  }
  if (removePrior === undefined || removePrior === false) {
    if (mine.length === 0) return undefined;
    return rejected('invalid', `${member.identity} is already in the group (leaf ${mine[0]}); an external join by a member must remove its prior leaf (removePrior, RFC 9420 §12.4.3.2)`);
  }
  if (removePrior === true) {
    if (mine.length === 0) return rejected('invalid', `removePrior: ${member.identity} has no leaf in the group`);
    if (mine.length > 1) return rejected('invalid', `removePrior: ${member.identity} holds leaves ${mine.join(', ')}; name the one to remove`);
    return mine[0];
  }
  if (!Number.isInteger(removePrior) || removePrior < 0) throw new RangeError(`removePrior: expected true or a leaf index, got ${String(removePrior)}`);
  if (!mine.includes(removePrior)) return rejected('invalid', `removePrior: leaf ${removePrior} is not ${member.identity}'s`);
  return removePrior;
}
