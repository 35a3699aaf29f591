import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeId } from '../../../sim/core/index.ts';
import type { GroupName, Header, UserId } from '../../../sim/actors/protocol.ts';
import { KeyPackageDirectory } from '../../../sim/actors/keyPackageDirectory.ts';
import { answerCapabilityQuery, decodeCapabilityAnswer } from '../../../sim/actors/content/capabilityQuery.ts';
import { SIGNAL_BUNDLES } from '../../../sim/actors/signal/wire.ts';

const ask: Extract<Header, { op: 'kp-claim' }> = { op: 'kp-claim', request: -1, requester: nodeId('provB/u0/d0'), user: 'provA/u0' as UserId, suite: 1, group: 'g' as GroupName, query: true };

test("capability evidence is a device's MLS last-resort KeyPackage, never a Signal bundle, whichever upload arrived first", () => {
  const [both, mlsOnly, signalOnly] = [nodeId('provA/u0/d0'), nodeId('provA/u0/d1'), nodeId('provA/u0/d2')];
  const bundle = new Uint8Array([0x5e]);
  const kp = (n: number) => new Uint8Array([n]);
  for (const signalFirst of [true, false]) {
    const dir = new KeyPackageDirectory();
    const publishSignal = () => dir.publish(both, SIGNAL_BUNDLES, bundle, true);
    if (signalFirst) publishSignal();
    dir.publish(both, 1, kp(1), false);
    dir.publish(both, 1, kp(9), true);
    if (!signalFirst) publishSignal();
    dir.publish(mlsOnly, 3, kp(39), true);
    dir.publish(signalOnly, SIGNAL_BUNDLES, bundle, true);
    const a = decodeCapabilityAnswer(answerCapabilityQuery(dir, ask, [both, mlsOnly, signalOnly]).payload);
    assert.deepEqual(a.listing, [signalFirst ? [SIGNAL_BUNDLES, 1] : [1, SIGNAL_BUNDLES], [3], [SIGNAL_BUNDLES]], 'the listing is the directory\'s, as published');
    assert.deepEqual(a.evidence, [kp(9), kp(39), new Uint8Array(0)], 'evidence: the MLS last-resort package, none for a Signal-only device');
  }
});
