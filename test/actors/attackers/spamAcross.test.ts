import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArchitectureName } from '../../../sim/interop/index.ts';
import { spammerSchema } from '../../../scenarios/attackers/spammer.ts';
import { runWithTrace, serverOf } from '../../trace/perPair/helpers.ts';
import { smallScenario } from '../../runner/smallScenario.ts';

/** A spammer with one account at `provider` only; its delivered spam copies, by recipient device. */
async function spamFrom(provider: string, architecture: ArchitectureName) {
  const s = smallScenario({ attackers: [spammerSchema.parse({ kind: 'spammer', accountsPerProvider: 1, contactsPerMinute: 120, providers: [provider] })] });
  const { r, records } = await runWithTrace(s, architecture);
  const spam = new Set(records.flatMap((x) => (x.type === 'send' && x.msg.startsWith('spammer-') ? [x.msg] : [])));
  const delivered = records.flatMap((x) => (x.type === 'deliver' && spam.has(x.msg) ? [x.to as string] : []));
  return { r, delivered, attack: r.attacks[0]! };
}

test('spam from one provider crosses a re-encrypting bridge and the gatekeeper offer to the other provider\'s users', async () => {
  for (const arch of ['bridge-reencrypt', 'bridge-e2ee'] as const) {
    const { r, delivered, attack } = await spamFrom('provB', arch);
    const atA = delivered.filter((d) => serverOf(d) === 'provA');
    assert.ok(atA.length > 0, `${arch}: spam reached provA users (${delivered.length} spam copies delivered)`);
    assert.ok(attack.reach! > 0 && attack.successes > 0, `${arch}: reach ${attack.reach}`);
    // The per-pair table shows the crossing: copies from provB's people to provA's.
    assert.ok(r.perPair!.pairs.find((p) => p.from === 'provB' && p.to === 'provA')!.copies >= atA.length);
  }
});

test('a silo keeps spam home; a multi-protocol client gets it only at the service it signed up to', async () => {
  // In this run every provB user's multi-protocol client holds an account at provA (conversations
  // provA users opened), and no provA user one at provB.
  const silo = await spamFrom('provB', 'silo');
  assert.ok(silo.delivered.length > 0);
  assert.deepEqual(silo.delivered.filter((d) => !d.startsWith('provB/') || d.includes('-provA/')), [], 'only provB\'s own people');
  const apiB = await spamFrom('provB', 'client-api');
  assert.deepEqual(apiB.delivered.filter((d) => !d.startsWith('provB/') || d.includes('-provA/')), [], 'no provA user signed up at provB: none reached');
  const apiA = await spamFrom('provA', 'client-api');
  const viaAccounts = apiA.delivered.filter((d) => d.includes('-provB/'));
  assert.ok(apiA.delivered.every((d) => serverOf(d) === 'provA'), 'every spam copy arrived at a provA account');
  assert.ok(viaAccounts.length > 0, 'provB users reached through the accounts their multi-protocol clients hold at provA');
  assert.ok(apiA.attack.successes > 0 && apiA.attack.reach! > 0, `seen at those accounts: ${apiA.attack.successes}/${apiA.attack.attempts}`);
  assert.ok(apiA.r.perPair!.pairs.find((p) => p.from === 'provA' && p.to === 'provB')!.copies >= viaAccounts.length);
});
