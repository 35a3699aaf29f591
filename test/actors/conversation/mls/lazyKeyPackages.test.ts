// Devices mint their KeyPackages (MlsEngine.mintKeyPackage), upload them together (one envelope per
// device and suite, sim/actors/keyPackageUpload.ts) and the directory builds one only when it hands it
// out. The run is the one in which every KeyPackage is made when published, record by record: only the
// payload hash of the upload envelopes differs (they carry the KeyPackages before their keys and
// signatures are computed). Claimed KeyPackages, Welcomes, commits, ciphertexts, sizes and times agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../../../scenarios/index.ts';
import { unpackUpload } from '../../../../sim/actors/keyPackageUpload.ts';
import type { Header } from '../../../../sim/actors/protocol.ts';
import type { EnvelopeId } from '../../../../sim/core/index.ts';
import type { SendRequest } from '../../../../sim/net/index.ts';
import { createTsMlsEngine } from '../../../../sim/mls/tsMlsEngine.ts';
import { runScenario } from '../../../../sim/runner/runScenario.ts';
import type { TraceRecord } from '../../../../sim/trace/index.ts';
import { expectOk } from '../../../mls/helpers.ts';
import { smallScenario } from '../../../runner/smallScenario.ts';

const eager = fileURLToPath(new URL('../../../fixtures/eagerKeyPackagesEngine.ts', import.meta.url));

async function traced(s: Scenario) {
  const records: TraceRecord[] = [];
  const publishes = new Set<EnvelopeId>();
  let packages = 0;
  let largest = 0;
  const result = await runScenario(s, {
    onWorldReady: ({ world }) => {
      world.trace.subscribe((r) => void records.push(r));
      const send = world.net.send.bind(world.net);
      world.net.send = <H>(req: SendRequest<H>) => {
        const id = send(req);
        if ((req.header as Header | undefined)?.op === 'kp-publish') {
          const n = unpackUpload(req.payload)!.length;
          publishes.add(id);
          packages += n;
          largest = Math.max(largest, n);
        }
        return id;
      };
    },
  });
  return { result, records, publishes, packages, largest };
}

function assertSameButPublishPayloads(lazy: Awaited<ReturnType<typeof traced>>, made: Awaited<ReturnType<typeof traced>>): number {
  assert.deepEqual([...lazy.publishes], [...made.publishes]);
  assert.equal(lazy.records.length, made.records.length);
  let differing = 0;
  for (const [i, a] of lazy.records.entries()) {
    const b = made.records[i]!;
    if (a.type === 'hop-enqueue' && b.type === 'hop-enqueue' && lazy.publishes.has(a.env)) {
      assert.deepEqual({ ...a, payload: '' }, { ...b, payload: '' }, `record ${i}`);
      if (a.payload !== b.payload) differing++;
    } else assert.deepEqual(a, b, `record ${i}`);
  }
  return differing;
}

test('minted KeyPackages: the run equals the one that makes every KeyPackage at once, but for the publish payloads', async () => {
  const s = smallScenario();
  const lazy = await traced(s);
  const made = await traced({ ...s, mls: { ...s.mls, engine: { module: eager } } });
  const differing = assertSameButPublishPayloads(lazy, made);
  // A device uploads its 3 KeyPackages and its last-resort one together; a replenishment is an upload of one.
  assert.ok(lazy.publishes.size > 5 && lazy.largest === 4 && lazy.packages > 2 * lazy.publishes.size, `${lazy.packages} KeyPackages published in ${lazy.publishes.size} uploads`);
  assert.equal(lazy.packages, made.packages);
  assert.ok(differing > 0 && differing >= lazy.publishes.size, 'every upload hop carried unbuilt KeyPackages');
  assert.deepEqual(lazy.result.summary, made.result.summary);
  assert.notEqual(lazy.result.digest, made.result.digest);
  // Only what was handed out was built; the other run made every one when minting it.
  const built = lazy.result.wall.cryptoByOp['key-package']?.count ?? 0;
  assert.equal(made.result.wall.cryptoByOp['key-package'], undefined);
  assert.equal(made.result.wall.cryptoByOp['key-package-mint']?.count, lazy.packages);
  assert.equal(lazy.result.wall.cryptoByOp['key-package-mint']?.count, lazy.packages);
  assert.ok(built > 0 && built < lazy.packages / 2, `${built} of ${lazy.packages} built`);
  assert.ok(lazy.result.summary.delivered > 50);
});

test('whoever reads a published KeyPackage on its way (a server tap, a link interceptor) reads it built', async () => {
  const seen: { by: string; bytes: Uint8Array }[] = [];
  const result = await runScenario(smallScenario(), {
    onWorldReady: ({ world, providers, devices }) => {
      const [providerId, provider] = [...providers][0]!;
      provider.taps.push((env) => {
        if (env.header.op === 'kp-publish') seen.push({ by: 'tap', bytes: env.payload.slice() });
        return { kind: 'pass' };
      });
      // An on-path party on one device's access link, on another provider.
      const device = [...devices.values()].find((d) => d.provider !== providerId)!;
      world.net.interceptLink(device.id, device.provider, (env) => {
        if ((env.header as Header | undefined)?.op === 'kp-publish') seen.push({ by: 'link', bytes: env.payload.slice() });
        return { kind: 'pass' };
      });
    },
  });
  const engine = createTsMlsEngine();
  assert.ok(seen.some((s) => s.by === 'tap') && seen.some((s) => s.by === 'link'));
  for (const s of seen) {
    const packages = unpackUpload(s.bytes)!;
    assert.ok(packages.length >= 1);
    for (const kp of packages) assert.equal(expectOk(await engine.inspectKeyPackage(kp), `${s.by}: KeyPackage signatures verify`).kind, 'ok');
  }
  // The others stayed unbuilt until claimed.
  const built = result.wall.cryptoByOp['key-package']?.count ?? 0;
  const minted = result.wall.cryptoByOp['key-package-mint']?.count ?? 0;
  assert.ok(built < minted, `${built} of ${minted} built`);
});
