import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, messageId, seconds, type NodeId } from '../../sim/core/index.ts';
import type { Envelope } from '../../sim/net/index.ts';
import { headerBytes, type Header } from '../../sim/actors/protocol.ts';
import { runScenario, type WorldContext } from '../../sim/runner/runScenario.ts';
import { smallScenario } from '../runner/smallScenario.ts';

/** Sends `payload` to `device` as if its provider forwarded an application message `msg`. */
function inject(ctx: WorldContext, device: NodeId, group: string, msg: string, payload: Uint8Array, sender: NodeId): void {
  const { world } = ctx;
  const provider = device.split('/')[0] as NodeId;
  world.ledger.send(messageId(msg), sender, [device], world.sim.now, 'application', payload.length);
  const header: Header = { op: 'app', group: group as never, msg: messageId(msg), sender, recipients: [device] };
  world.net.send({ from: provider, to: device, kind: 'application', payload, header, headerBytes: headerBytes(header) });
}

test('malformed and replayed application messages are rejected with a recorded reason, never a crash', async () => {
  let captured: Envelope<Header> | undefined;
  const r = await runScenario(smallScenario(), {
    onWorldReady: (ctx) => {
      // Capture the first application message that reaches a device, then replay it and send garbage.
      ctx.world.net.observeArrivals((env, node) => {
        const h = env.header as Header | undefined;
        if (captured === undefined && h?.op === 'app' && node === h.recipients[0] && node.includes('/')) captured = env as Envelope<Header>;
      });
      ctx.world.sim.scheduleAt(at(seconds(12)), () => {
        assert.ok(captured, 'an application message was seen');
        const h = captured.header as Extract<Header, { op: 'app' }>;
        const to = h.recipients[0]!;
        inject(ctx, to, h.group, 'replayed-1', captured.payload, h.sender);
        inject(ctx, to, h.group, 'garbage-1', new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), h.sender);
        const flipped = captured.payload.slice();
        flipped[flipped.length - 5]! ^= 0xff;
        inject(ctx, to, h.group, 'tampered-1', flipped, h.sender);
      });
    },
  });
  const reasons = r.summary.rejectReasons;
  assert.equal(reasons['decrypt-malformed'], 1, JSON.stringify(reasons));
  // The exact replay and the tampered copy both reuse a consumed generation: the reuse guard
  // (RFC 9420 §9.2) refuses them before the AEAD is even tried.
  assert.equal((reasons['decrypt-replay'] ?? 0) + (reasons['decrypt-wrong-epoch'] ?? 0), 2, JSON.stringify(reasons));
  assert.equal(r.summary.rejected, 3);
  assert.equal(r.mls.decryptMismatches, 0);
});

test('concurrent commits: the delivery service keeps one history, losers retry, all members agree', async () => {
  const r = await runScenario(
    smallScenario({
      providers: [
        { id: 'provA', users: 5 },
        { id: 'provB', users: 5 },
      ],
      workload: {
        oneToOne: 0,
        groups: { count: 1, size: { kind: 'fixed', n: 8 } },
        messagesPerMemberPerMinute: 10,
        crossProviderShare: 0.5,
        updatePeriodSeconds: 0.3,
        churn: { addsPerGroupPerHour: 600, removesPerGroupPerHour: 600 },
      },
    }),
  );
  assert.ok(r.mls.commitsRejected > 0, 'some commits raced');
  assert.ok(r.mls.commitRetries > 0, 'losers retried');
  assert.equal(r.mls.groupStateMismatches, 0);
  assert.equal(r.mls.decryptMismatches, 0);
  assert.ok(r.summary.deliveryRatio > 0.9, `delivery ${r.summary.deliveryRatio}`);
});
