// Application messages in (RFC 9420 §6.3). A message from a past epoch still opens while that epoch's
// secrets are retained (§15.3); each generation opens once (§9.2), so a replay is rejected.
import type { CiphersuiteImpl, ClientState, EpochReceiverData, Signature } from 'ts-mls';
import { addToMap } from 'ts-mls/util/addToMap.js';
import { unprotectPrivateMessage } from 'ts-mls/messageProtection.js';
import { toLeafIndex, type UnprotectResult } from '../engine.ts';
import { bytesEqual } from './bytes.ts';
import { withGroup, type TsGroup } from './handles.ts';
import { identityAt } from './members.ts';
import { rejected, rejectionOf } from './rejection.ts';
import { timedWhole } from './timedWhole.ts';
import { decodeMessage } from './wire.ts';

/** One decryption started ahead: its promise, and its result once that has settled (read synchronously by `unprotectSettled`). */
interface Started {
  readonly promise: Promise<UnprotectResult>;
  result: UnprotectResult | undefined;
  /** The promise has settled (fulfilled with `result`, or rejected). */
  settled: boolean;
}

/**
 * Decryptions started ahead (`unprotectAhead`), by the group state they started from (one device's,
 * immutable) and the message's bytes object. Dropped with the state; bounded per state.
 */
const ahead = new WeakMap<TsGroup, Map<Uint8Array, Started>>();
const AHEAD_PER_STATE = 256;

/**
 * Starts decrypting and verifying `bytes` with `g` now, the signature check on libuv's thread pool
 * (the suite's pooledImpl), for a message on its way to g's device: by the time it arrives the
 * verification has run beside the simulation. Each device still does its own decryption and its own
 * verification, once; `unprotect(g, bytes)` with this very state and bytes object takes the result,
 * anything else (the state moved on meanwhile) computes afresh, so results and their order are what
 * they would have been. Nothing here touches the simulation: the state is immutable and receiving
 * draws no randomness.
 *
 * Returns a promise that settles when this thread's part up to the pooled signature check is done
 * (the decoding, sender data, ratchet, AEAD and the signed content's encoding, over many awaits); the
 * rest waits on the pool. The caller times that part by awaiting it with nothing else running (the
 * simulator's `afterEvent`); `tail` hears the wall time of the synchronous part after the pool's check
 * (the result and next state), never the wait. Undefined if nothing started.
 */
export function unprotectAhead(g: TsGroup, bytes: Uint8Array, tail?: (ms: number) => void): Promise<void> | undefined {
  if (!(bytes instanceof Uint8Array)) return undefined;
  let started = ahead.get(g);
  if (started === undefined) ahead.set(g, (started = new Map()));
  if (started.has(bytes)) return undefined;
  if (started.size >= AHEAD_PER_STATE) started.clear(); // messages that never arrived here (dropped, bounced)
  const suite = g.member.suite;
  const pooled = suite.pooledImpl;
  let release!: () => void;
  const mainPart = new Promise<void>((r) => (release = r));
  let handedOff = false;
  const handOff = (): void => {
    if (handedOff) return;
    handedOff = true;
    release();
  };
  // The pooled check is the hand-off: it returns at once with a pending promise. Where the suite has
  // no pooled twin, the whole decryption runs here and settling is the hand-off.
  const impl = pooled === suite.impl ? pooled : { ...pooled, signature: handingOff(pooled.signature, handOff) };
  const p = unprotectWith(g, bytes, impl, tail === undefined ? undefined : (ms) => handedOff && tail(ms));
  const entry: Started = { promise: p, result: undefined, settled: false };
  p.then(
    (r) => {
      entry.result = r;
      entry.settled = true;
      handOff();
    },
    () => {
      entry.settled = true;
      handOff(); // a rejection is the caller's to see, if the message arrives
    },
  );
  started.set(bytes, entry);
  return mainPart;
}

/** `s` whose verify calls `after` once it has handed the check over (to the thread pool). */
function handingOff(s: Signature, after: () => void): Signature {
  return {
    ...s,
    verify: (publicKey, message, signature) => {
      const r = s.verify(publicKey, message, signature);
      after();
      return r;
    },
  };
}

/**
 * The result of a decryption started ahead with this very state and bytes object, if it has already
 * settled (its work, the pool's check included, is done): taken, as `unprotect` would take it, so a
 * later `unprotect` computes afresh. Undefined otherwise (not started, still running, or it threw),
 * and then nothing is taken. A lookup only: no MLS work runs here.
 */
export function unprotectSettled(g: TsGroup, bytes: Uint8Array): UnprotectResult | undefined {
  const started = ahead.get(g);
  const e = started?.get(bytes);
  if (e?.result === undefined) return undefined;
  started!.delete(bytes);
  return e.result;
}

/** True while a decryption started ahead with this very state and bytes object is still running (its pool check not answered). */
export function unprotectPending(g: TsGroup, bytes: Uint8Array): boolean {
  const e = ahead.get(g)?.get(bytes);
  return e !== undefined && !e.settled;
}

export function unprotect(g: TsGroup, bytes: Uint8Array): Promise<UnprotectResult> {
  const started = ahead.get(g);
  const e = started?.get(bytes);
  if (e !== undefined) {
    started!.delete(bytes);
    return e.promise;
  }
  return unprotectWith(g, bytes, g.member.suite.impl, undefined);
}

/** `tail`, if given, hears the wall time of the synchronous part after the signature check (timedWhole). */
async function unprotectWith(g: TsGroup, bytes: Uint8Array, impl: CiphersuiteImpl, tail: ((ms: number) => void) | undefined): Promise<UnprotectResult> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('message: expected bytes');
  const client = g.client;
  const msg = decodeMessage(bytes);
  if (msg === undefined) return rejected('malformed', 'does not decode as an MLSMessage');
  if (msg.wireformat !== 'mls_private_message') return rejected('malformed', `expected a private message, got ${msg.wireformat}`);
  const pm = msg.privateMessage;
  if (pm.contentType !== 'application') return rejected('malformed', `expected application data, got a ${pm.contentType}`);
  if (!bytesEqual(pm.groupId, client.groupContext.groupId)) return rejected('wrong-group', 'group id differs');
  if (client.groupActiveState.kind !== 'active') return rejected('not-member', 'this member is no longer in the group');
  const current = pm.epoch === client.groupContext.epoch;
  const past = current ? undefined : client.historicalReceiverData.get(pm.epoch);
  if (!current && past === undefined) {
    return rejected('wrong-epoch', `message epoch ${pm.epoch}, group epoch ${client.groupContext.epoch}, secrets not retained`);
  }
  const epochData: EpochReceiverData = past ?? {
    senderDataSecret: client.keySchedule.senderDataSecret,
    secretTree: client.secretTree,
    ratchetTree: client.ratchetTree,
    groupContext: client.groupContext,
    resumptionPsk: client.keySchedule.resumptionPsk,
  };
  try {
    const res = await unprotectPrivateMessage(
      epochData.senderDataSecret,
      pm,
      epochData.secretTree,
      epochData.ratchetTree,
      epochData.groupContext,
      client.clientConfig.keyRetentionConfig,
      impl,
    );
    return tail === undefined ? opened(g, res, past, pm.epoch, epochData) : timedWhole(tail, () => opened(g, res, past, pm.epoch, epochData));
  } catch (e) {
    return rejectionOf(e);
  }
}

/** The result of a message that opened: the member's next state (its secret tree moved on) and what it carried. */
function opened(
  g: TsGroup,
  res: Awaited<ReturnType<typeof unprotectPrivateMessage>>,
  past: EpochReceiverData | undefined,
  epoch: bigint,
  epochData: EpochReceiverData,
): UnprotectResult {
  const client = g.client;
  const content = res.content.content;
  if (content.contentType !== 'application' || content.sender.senderType !== 'member') {
    return rejected('malformed', 'decrypted content is not member application data');
  }
  const next: ClientState = past
    ? { ...client, historicalReceiverData: addToMap(client.historicalReceiverData, epoch, { ...past, secretTree: res.tree }) }
    : { ...client, secretTree: res.tree };
  const senderLeaf = toLeafIndex(content.sender.leafIndex);
  return {
    kind: 'ok',
    state: withGroup(g, { client: next }),
    plaintext: content.applicationData,
    authenticatedData: content.authenticatedData,
    epoch,
    senderLeaf,
    senderIdentity: identityAt(epochData.ratchetTree, senderLeaf) ?? '',
  };
}
