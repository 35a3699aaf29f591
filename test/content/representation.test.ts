import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  chooseRepresentation,
  compose,
  deletion,
  edit,
  expiry,
  fidelityReport,
  groupFidelity,
  image,
  message,
  reaction,
  recipientFidelity,
  render,
  richText,
  supports,
  text,
} from '../../sim/content/index.ts';
import { arbitraryCapabilities, arbitraryMessage, EARLY_ADOPTER, FULL, KEEPS_EXPIRED, LEGACY, NO_IMAGES, NO_REACTIONS } from './helpers.ts';

const jpeg = image({ mediaType: 'image/jpeg', width: 1200, height: 800, byteSize: 48_000 });
const jxl = image({ mediaType: 'image/jxl', width: 1200, height: 800, byteSize: 30_000 });

test('group of three, one without images: the LCD turns the image into text for everyone', () => {
  const m = compose('m20', 'look', [jpeg]);
  const choice = chooseRepresentation(m, [FULL, FULL, NO_IMAGES]);
  assert.deepEqual(choice, {
    message: { id: 'm20', parts: [{ kind: 'text', text: 'look\n[image 1200x800 image/jpeg]' }] },
    dropped: [{ part: jpeg, supportedBy: [0, 1] }],
    lcdHit: true,
    expiryNotHonored: [],
  });
  // Every member now gets the same text-only message.
  for (const c of [FULL, NO_IMAGES]) assert.deepEqual(render(choice.message, c), { kind: 'full', rendered: choice.message.parts });
});

test('group of three, one without images: per-recipient rendering keeps the image for the two who can show it', () => {
  const m = compose('m20', 'look', [jpeg]);
  assert.deepEqual(render(m, FULL), { kind: 'full', rendered: m.parts });
  assert.deepEqual(render(m, NO_IMAGES), { kind: 'fallback', rendered: [text('look')], lost: [jpeg], text: 'look\n[image 1200x800 image/jpeg]' });
  const report = fidelityReport(m, [FULL, FULL, NO_IMAGES]);
  // Intended parts: [image]. Per recipient 1, 1, 0 -> 2/3. LCD: nobody gets the image -> 0.
  assert.equal(report.perRecipient.fidelity, 2 / 3);
  assert.equal(report.lowestCommonDenominator.fidelity, 0);
  assert.deepEqual(report.perRecipient.outcomes.map((o) => o.kind), ['full', 'full', 'fallback']);
  assert.deepEqual(report.lowestCommonDenominator.outcomes.map((o) => o.kind), ['full', 'full', 'full']);
});

test('a new codec known to nobody but the sender: dropped without hitting the LCD (nobody could render it)', () => {
  const m = compose('m21', '', [jxl]);
  const recipients = [FULL, NO_IMAGES, LEGACY];
  const choice = chooseRepresentation(m, recipients);
  assert.deepEqual(choice.message.parts, [{ kind: 'text', text: '[image 1200x800 image/jxl]' }]);
  assert.deepEqual(choice.dropped, [{ part: jxl, supportedBy: [] }]);
  assert.equal(choice.lcdHit, false);
  for (const c of recipients) assert.deepEqual(render(m, c), { kind: 'fallback', rendered: [text('')], lost: [jxl], text: '[image 1200x800 image/jxl]' });
  const report = fidelityReport(m, recipients);
  assert.equal(report.perRecipient.fidelity, 0);
  assert.equal(report.lowestCommonDenominator.fidelity, 0);
  // With the sender's own device in the member list, the drop does cost something: the LCD was hit.
  assert.equal(chooseRepresentation(m, [EARLY_ADOPTER, ...recipients]).lcdHit, true);
  assert.equal(render(m, EARLY_ADOPTER).kind, 'full');
});

test('a reaction to a client without reactions: fallback text per recipient; the LCD takes it from everyone', () => {
  const like = reaction('👍', 'm12');
  const m = compose('m22', '', [like]);
  assert.deepEqual(render(m, NO_REACTIONS), { kind: 'fallback', rendered: [text('')], lost: [like], text: '[reaction 👍 to m12]' });
  assert.deepEqual(render(m, FULL), { kind: 'full', rendered: m.parts });
  const report = fidelityReport(m, [FULL, NO_REACTIONS]);
  assert.equal(report.perRecipient.fidelity, 1 / 2);
  assert.equal(report.lowestCommonDenominator.fidelity, 0);
  assert.deepEqual(report.lowestCommonDenominator.choice.message.parts, [{ kind: 'text', text: '[reaction 👍 to m12]' }]);
  assert.equal(report.lowestCommonDenominator.choice.lcdHit, true);
});

test('a bare reaction without a basic text part (a non-compliant sender) is unreadable where reactions are unknown', () => {
  const like = reaction('👍', 'm12');
  const m = message('m23', [like]);
  assert.deepEqual(render(m, NO_REACTIONS), { kind: 'unreadable', reason: 'nothing-renderable', detail: 'no basic text part and no supported part (reaction)', lost: [like] });
  assert.equal(recipientFidelity(m, render(m, NO_REACTIONS)), 0);
  assert.equal(recipientFidelity(m, render(m, FULL)), 1);
  // The LCD adds the basic text part it lacked: readable everywhere, the reaction itself lost everywhere.
  const choice = chooseRepresentation(m, [FULL, NO_REACTIONS]);
  assert.deepEqual(choice.message, { id: 'm23', parts: [{ kind: 'text', text: '[reaction 👍 to m12]' }] });
  assert.equal(render(choice.message, NO_REACTIONS).kind, 'full');
});

test('fidelity by hand: rich text, image and a timer over a full, an image-less and a legacy client', () => {
  const md = richText('markdown', '**hi**');
  const png = image({ mediaType: 'image/png', width: 640, height: 480, byteSize: 20_000 });
  const timer = expiry(3600, 'read');
  const m = compose('m30', 'hi', [md, png, timer]);
  // Intended: md, png, timer. FULL 3/3, NO_IMAGES 2/3 (no png), LEGACY 0/3.
  assert.equal(fidelityReport(m, [FULL, NO_IMAGES, LEGACY]).perRecipient.fidelity, (1 + 2 / 3 + 0) / 3);
  // The legacy member supports none of them, so the LCD drops all three, the timer included.
  const lcd = chooseRepresentation(m, [FULL, NO_IMAGES, LEGACY]);
  assert.deepEqual(lcd.message.parts, [{ kind: 'text', text: 'hi\n[rich text markdown, 6 chars]\n[image 640x480 image/png]\n[disappears 3600 s after read]' }]);
  assert.deepEqual(lcd.expiryNotHonored, [0, 1, 2]);
  assert.equal(fidelityReport(m, [FULL, NO_IMAGES, LEGACY]).lowestCommonDenominator.fidelity, 0);
  // Without the legacy member the LCD keeps md and the timer: each recipient gets 2 of 3.
  const two = fidelityReport(m, [FULL, NO_IMAGES]);
  assert.deepEqual(two.lowestCommonDenominator.choice.message.parts, [{ kind: 'text', text: 'hi\n[image 640x480 image/png]' }, md, timer]);
  assert.equal(two.lowestCommonDenominator.fidelity, 2 / 3);
  assert.equal(two.perRecipient.fidelity, (1 + 2 / 3) / 2);
  assert.deepEqual(two.lowestCommonDenominator.choice.expiryNotHonored, []);
});

test('disappearing messages: members that show the timer but keep the message are reported', () => {
  const m = compose('m31', 'secret', [expiry(30, 'send')]);
  const choice = chooseRepresentation(m, [FULL, KEEPS_EXPIRED]);
  assert.equal(choice.message, m);
  assert.deepEqual(choice.expiryNotHonored, [1]);
  assert.deepEqual(chooseRepresentation(compose('m32', 'x'), [KEEPS_EXPIRED]).expiryNotHonored, []);
});

test('edits and deletes reach legacy clients as text, which is all they can do with them', () => {
  assert.deepEqual(render(compose('m40', '', [edit('m39', 'fixed')]), LEGACY), { kind: 'fallback', rendered: [text('')], lost: [edit('m39', 'fixed')], text: '[edit of m39] fixed' });
  assert.deepEqual(render(compose('m41', '', [deletion('m39')]), LEGACY), { kind: 'fallback', rendered: [text('')], lost: [deletion('m39')], text: '[delete m39]' });
});

test('a plain text message is untouched: full everywhere, fidelity 1', () => {
  const m = compose('m1', 'hello');
  const r = fidelityReport(m, [FULL, LEGACY]);
  assert.equal(r.lowestCommonDenominator.choice.message, m);
  assert.equal(r.lowestCommonDenominator.choice.lcdHit, false);
  assert.equal(r.perRecipient.fidelity, 1);
  assert.equal(r.lowestCommonDenominator.fidelity, 1);
});

test('fidelity counts repeated parts once each, and needs at least one recipient', () => {
  const m = compose('m50', '', [jpeg, jpeg, jxl]);
  assert.equal(recipientFidelity(m, render(m, FULL)), 2 / 3);
  assert.throws(() => groupFidelity(m, []), { name: 'RangeError', message: 'outcomes: empty' });
  assert.throws(() => chooseRepresentation(m, []), { name: 'RangeError', message: 'members: empty' });
});

test('property: the LCD representation renders fully for every member and never beats per-recipient fidelity', () => {
  fc.assert(
    fc.property(arbitraryMessage, fc.array(arbitraryCapabilities, { minLength: 1, maxLength: 4 }), (m, members) => {
      const report = fidelityReport(m, members);
      const { choice } = report.lowestCommonDenominator;
      for (const o of report.lowestCommonDenominator.outcomes) assert.equal(o.kind, 'full');
      assert.ok(report.lowestCommonDenominator.fidelity <= report.perRecipient.fidelity + 1e-12);
      assert.equal(choice.lcdHit, choice.dropped.some((d) => d.supportedBy.length > 0));
      for (const d of choice.dropped) assert.ok(members.some((c) => !supports(c, d.part)));
      assert.equal(choice.dropped.length === 0, choice.message === m);
    }),
    { numRuns: 200 },
  );
});
