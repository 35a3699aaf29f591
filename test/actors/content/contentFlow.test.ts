import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageId, seconds, type NodeId } from '../../../sim/core/index.ts';
import { compose, decodeMessage, image, reaction, richText, type Message } from '../../../sim/content/index.ts';
import type { ContentRuntime } from '../../../sim/actors/content/contentRuntime.ts';
import type { DeviceActor } from '../../../sim/actors/device.ts';
import type { GroupName } from '../../../sim/actors/protocol.ts';
import { validateScenario, type ScenarioInput } from '../../../scenarios/index.ts';
import { runScenario, type WorldContext } from '../../../sim/runner/runScenario.ts';

// Small hand-built worlds: three providers with one user each and clients of different abilities.
const PROFILES = {
  rich: { mediaTypes: ['image/png', 'text/markdown'], partKinds: ['reaction', 'reply'], honorsExpiry: false },
  markdown: { mediaTypes: ['text/markdown'], partKinds: ['reaction'], honorsExpiry: false },
};

function scenario(content: Record<string, unknown>, over: Partial<ScenarioInput> = {}) {
  return validateScenario({
    name: 'content-small',
    seed: 3,
    durationSeconds: 12,
    drainSeconds: 8,
    providers: [
      { id: 'pa', users: 1 },
      { id: 'pb', users: 1 },
      { id: 'pc', users: 1 },
    ],
    workload: { oneToOne: 0, groups: { count: 1, size: { kind: 'fixed', n: 3 } }, messagesPerMemberPerMinute: 0, crossProviderShare: 1 },
    content: { profiles: PROFILES, clients: { pa: { profile: 'rich' }, pb: { profile: 'markdown' }, pc: { profile: 'basic' } }, ...content },
    ...over,
  });
}

const CANARY = 'CANARY-x1-7f3a';
const FULL_MESSAGE = (id: string, bytes = 3000): Message =>
  compose(id, `hello ${CANARY}`, [richText('markdown', '**hi**'), image({ mediaType: 'image/png', width: 640, height: 480, byteSize: bytes }), reaction('👍', 'm0')]);

/**
 * Runs the hand-built world; at 8 s the device of the group's creator sends `messages`. Returns what
 * every recipient decrypted (decoded), each copy's rendering outcome and the MLS ciphertext sizes.
 */
async function sendAndWatch(representation: string, messages: Message[]) {
  const got = new Map<string, { parts: string[]; outcome: string; text: string }>();
  const bytes = new Map<string, number>();
  let ctx: WorldContext | undefined;
  const r = await runScenario(scenario({ representation }), {
    onWorldReady: (c) => {
      ctx = c;
      const content = c.content!;
      const delivered = content.delivered.bind(content);
      content.delivered = (device, h, plaintext, indicator) => {
        const m = decodeMessage(plaintext);
        const before = { ...content.stats };
        delivered(device, h, plaintext, indicator);
        const outcome = (['full', 'fallback', 'unreadable'] as const).find((k) => content.stats[k] > before[k])!;
        const basic = m.parts.find((p) => p.kind === 'text');
        got.set(`${h.msg}>${device}`, { parts: m.parts.map((p) => p.kind), outcome, text: basic?.kind === 'text' ? basic.text : '' });
      };
      c.world.trace.subscribe((rec) => {
        if (rec.type === 'send') bytes.set(rec.msg, rec.bytes);
      });
      c.world.sim.schedule(seconds(8), async () => {
        const [sender, group] = findSender(c.devices, content);
        for (const m of messages) assert.ok(await content.send(sender, group, messageId(m.id), m));
      });
    },
  });
  return { r, got, bytes, ctx: ctx! };
}

function findSender(devices: ReadonlyMap<string, DeviceActor>, content: ContentRuntime): [DeviceActor, GroupName] {
  for (const d of devices.values()) for (const [g] of d.memberships()) if (d.groupState(g) !== undefined && content.client(d.id).content.mediaTypes.includes('image/png' as never)) return [d, g];
  throw new Error('no rich sender in a group');
}

test('lowest common denominator on a mixed group: exactly which parts each recipient gets, and the outcome', async () => {
  const { r, got } = await sendAndWatch('lowest-common-denominator', [FULL_MESSAGE('x1')]);
  const copies = [...got.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  // The text-only member supports none of the three enhanced parts: all are dropped for everyone and
  // described in the basic text, which still holds the canary. Both recipients render everything they got.
  assert.deepEqual(
    copies.map(([k, v]) => [k.split('>')[1]!.split('/')[0], v.parts, v.outcome]),
    [
      ['pb', ['text'], 'full'],
      ['pc', ['text'], 'full'],
    ],
  );
  for (const [, v] of copies) {
    assert.ok(v.text.startsWith(`hello ${CANARY}`));
    assert.match(v.text, /\[rich text markdown, 6 chars\]/);
    assert.match(v.text, /\[image 640x480 image\/png\]/);
    assert.match(v.text, /\[reaction 👍 to m0\]/);
  }
  assert.ok(r.content!.lcdHitPct === 100, 'the markdown client could have rendered the rich text and the reaction');
  assert.equal(r.content!.featureFidelity, 0);
  assert.equal(r.mls.decryptMismatches, 0);
});

test('per recipient: the full message reaches everyone; each renders what it supports and falls back for the rest', async () => {
  const { r, got } = await sendAndWatch('per-recipient', [FULL_MESSAGE('x1')]);
  const byProvider = new Map([...got.entries()].map(([k, v]) => [k.split('>')[1]!.split('/')[0], v]));
  assert.deepEqual(byProvider.get('pb')!.parts, ['text', 'rich-text', 'image', 'reaction']);
  assert.equal(byProvider.get('pb')!.outcome, 'fallback'); // no image/png
  assert.equal(byProvider.get('pc')!.outcome, 'fallback'); // text only
  // pb rendered rich text and the reaction (2 of 3), pc none of them.
  assert.ok(Math.abs(r.content!.featureFidelity - (2 / 3 + 0) / 2) < 1e-9);
});

test('content is inside the MLS ciphertext: a bigger image makes a bigger application message, and no server sees the canary', async () => {
  let serverSawCanary = false;
  const { bytes, ctx } = await sendAndWatch('per-recipient', [FULL_MESSAGE('x1', 1000), FULL_MESSAGE('x2', 21_000)]);
  void ctx;
  const small = bytes.get('x1')!, large = bytes.get('x2')!;
  assert.ok(large - small >= 20_000, `ciphertext grew by the image: ${small} -> ${large}`);
  // Audit separately: the servers' bytes never hold the canary (the content is encrypted).
  await runScenario(scenario({ representation: 'per-recipient' }), {
    onWorldReady: (c) =>
      c.world.net.observeArrivals((env, node) => {
        if (!node.includes('/') && Buffer.from(env.payload).includes(Buffer.from('CANARY-'))) serverSawCanary = true;
      }),
  });
  assert.equal(serverSawCanary, false);
});

test('transport fallback: an SMS-only recipient gets the message in clear, through the providers, which hold it', async () => {
  const s = scenario(
    { clients: { pa: { profile: 'rich', fallback: 'cleartext' }, pb: { profile: 'markdown', fallback: 'cleartext' }, pc: { mls: false } } },
    { workload: { oneToOne: 2, groups: { count: 0, size: { kind: 'fixed', n: 2 } }, messagesPerMemberPerMinute: 20, crossProviderShare: 1 } },
  );
  const r = await runScenario(s);
  const c = r.content!;
  assert.ok(c.clearMessages > 0, 'some messages went in clear');
  assert.ok(c.cleartextPct > 0);
  assert.equal(c.indicators['not-encrypted'], r.summary.delivered - c.indicators.encrypted - c.indicators.verified);
  assert.ok(c.indicators['not-encrypted'] > 0);
  // The carrier's server delivered the clear copies to its phone: it held the plaintext, canary and all.
  assert.ok(r.security.exposedParties.includes('pc'));
  assert.ok(r.security.e2eePreservedPct < 100);
  assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected);
  assert.equal(r.mls.decryptMismatches, 0);
});

test('without a fallback policy the SMS-only recipient is unreachable and nothing goes in clear', async () => {
  const s = scenario({ clients: { pc: { mls: false } } }, { workload: { oneToOne: 2, groups: { count: 0, size: { kind: 'fixed', n: 2 } }, messagesPerMemberPerMinute: 20, crossProviderShare: 1 } });
  const r = await runScenario(s);
  assert.equal(r.content!.clearMessages, 0);
  assert.deepEqual(r.security.exposedParties, []);
});

test('same scenario and seed, same digest (content draws come from named streams)', async () => {
  const s = scenario({ mix: { richText: 0.5, image: 0.5, reaction: 0.5, reply: 0.5, custom: 0.3 } }, { workload: { oneToOne: 1, groups: { count: 1, size: { kind: 'fixed', n: 3 } }, messagesPerMemberPerMinute: 20, crossProviderShare: 1 } });
  const [a, b] = [await runScenario(s), await runScenario(s)];
  assert.equal(a.digest, b.digest);
  assert.ok(a.content!.enhancedMessages > 0);
  assert.deepEqual(a.content, b.content);
});

void ({} as NodeId);
