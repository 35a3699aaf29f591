// A cleartext fallback (SMS-only users reached in clear) crossing a link the adversary reads is read in
// full: each message is one exposure, an `expose` record by the adversary, and none behind TLS.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { resolveScenarioPath, validateScenario } from '../../../scenarios/index.ts';
import { runScenario } from '../../../sim/runner/runScenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-netclear-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const withLinkReader = (defenses: Record<string, unknown>) => {
  const base = parseYaml(readFileSync(resolveScenarioPath('mixed-capabilities'), 'utf8')) as Record<string, unknown>;
  return validateScenario({ ...base, attackers: [{ kind: 'network-adversary', a: 'closed', b: 'carrier', actions: ['read'] }], defenses });
};

test('an on-path reader of an unencrypted link holds the cleartext fallbacks it saw; TLS on the link stops it', async () => {
  const out = join(dir, 'open');
  const r = await runScenario(withLinkReader({}), { outDir: out });
  const a = r.attacks[0]!;
  assert.ok(a.exposed > 0, 'cleartext copies crossed the link');
  const records = readFileSync(join(out, 'trace.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"expose"') && l.includes(`"by":"${a.id}"`));
  assert.equal(records.length, a.exposed, 'one expose record per message it read');
  assert.ok(r.security.exposedParties.includes(a.id));
  const tls = await runScenario(withLinkReader({ linkEncryption: {} }));
  assert.equal(tls.attacks[0]!.exposed, 0);
  assert.ok(!tls.security.exposedParties.includes(a.id));
});
