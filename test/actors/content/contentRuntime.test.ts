import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario, validateScenario } from '../../../scenarios/index.ts';
import { contentCapabilitiesExtension } from '../../../sim/content/index.ts';
import type { ContentRuntime } from '../../../sim/actors/content/contentRuntime.ts';
import { runScenario } from '../../../sim/runner/runScenario.ts';

// A device's leaf contents (ContentRuntime.memberOptions) are asked for at every start, twice when the
// start was made ahead: devices running the same client version share one frozen value, equal to
// what the client says; a client that disclaims timers gets its own.
test('leaf contents: one frozen value per client version, shared by its devices, as the client says', async () => {
  const s = validateScenario({ ...loadScenario('default'), durationSeconds: 2, drainSeconds: 1 });
  let rt: ContentRuntime | undefined;
  let devices: string[] = [];
  await runScenario(s, { onWorldReady: (c) => void ((rt = c.content), (devices = [...c.devices.keys()])) });
  const content = rt!;
  const [a, b] = devices.filter((d) => d.startsWith(devices[0]!.slice(0, devices[0]!.indexOf('/') + 1)));
  const expected = (d: string) => {
    const client = content.client(d as never);
    return { capabilities: { ciphersuites: client.ciphersuites }, leafExtensions: [contentCapabilitiesExtension(client.content)] };
  };
  const oa = content.memberOptions(a as never);
  assert.deepEqual(oa, expected(a!));
  assert.equal(content.memberOptions(b as never), oa, 'devices of one client version share the value');
  assert.equal(content.memberOptions(a as never), oa, 'asked again, the same value');
  assert.ok(Object.isFrozen(oa) && Object.isFrozen(oa.capabilities) && Object.isFrozen(oa.leafExtensions));
  content.disclaimTimers(b as never);
  const ob = content.memberOptions(b as never);
  assert.notEqual(ob, oa);
  assert.deepEqual(ob, { capabilities: { ciphersuites: content.client(b as never).ciphersuites }, leafExtensions: [contentCapabilitiesExtension({ ...content.client(b as never).content, honorsExpiry: false })] });
  assert.equal(content.memberOptions(a as never), oa, 'the other device is unchanged');
});
