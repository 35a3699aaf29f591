import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Simulator, seconds, type Duration, type SimTime } from '../../../sim/core/index.ts';
import { createVerifier, currentKey, emptyKeyDirectory, publishKey, type KeySource } from '../../../sim/identity/index.ts';
import {
  appendBinding,
  auditTreeHead,
  createAuditor,
  createMonitor,
  detectionTime,
  emptyKtLog,
  entriesBetween,
  epochStart,
  ktKeySource,
  ktVerifier,
  latestHead,
  lookupKey,
  monitorCheck,
  noteOwnKey,
  publishDue,
  publishTreeHead,
  type KtLog,
  type KtMonitor,
} from '../../../sim/identity/kt/index.ts';
import { A, alice, key, schedule, sec, signerA, trust } from './fixtures.ts';

// Event priorities at one instant: the head of an epoch goes out first, then appends, then checks.
const PUBLISH = 0;
const APPEND = 1;
const CHECK = 2;

interface Run {
  readonly detectedAt: SimTime | undefined;
  readonly log: KtLog;
}

/**
 * provA publishes alice's real key at 1 s and a head at every epoch start; at `substituteAt` it appends
 * a substitute key for alice; alice's phone checks the log every `interval` from `phase`. Driven by the
 * simulation kernel, as actors would drive it.
 */
async function attackLoggedSubstitute(substituteAt: SimTime, interval: Duration, phase: Duration, until = sec(1_200)): Promise<Run> {
  const sim = new Simulator();
  let log = emptyKtLog(A, schedule);
  let monitor: KtMonitor = noteOwnKey(createMonitor({ identity: alice, provider: A, providerKey: signerA.publicKey }), key(1));
  let detectedAt: SimTime | undefined;
  const publishAt = (e: number): void => {
    sim.scheduleAt(epochStart(schedule, e), () => {
      if (publishDue(log, sim.now)) log = publishTreeHead(log, signerA, sim.now).log;
      publishAt(e + 1);
    }, { priority: PUBLISH });
  };
  const checkAt = (t: SimTime): void => {
    sim.scheduleAt(t, () => {
      const head = latestHead(log);
      if (head !== undefined) {
        const r = monitorCheck(monitor, head, entriesBetween(log, monitor.verified.size, head.treeSize));
        monitor = r.monitor;
        if (r.result.kind === 'substitution' && detectedAt === undefined) detectedAt = sim.now;
        assert.notEqual(r.result.kind, 'log-misbehaved');
      }
      if (detectedAt === undefined) checkAt((t + interval) as SimTime);
    }, { priority: CHECK });
  };
  publishAt(0);
  checkAt(phase as number as SimTime);
  sim.scheduleAt(sec(1), () => void (log = appendBinding(log, { identity: alice, signatureKey: key(1), at: sim.now }).log), { priority: APPEND });
  sim.scheduleAt(substituteAt, () => void (log = appendBinding(log, { identity: alice, signatureKey: key(0x66), at: sim.now }).log), { priority: APPEND });
  await sim.run({ until });
  return { detectedAt, log };
}

test('log it: the substitute verifies for contacts, and the owner monitor detects it when the model says', async () => {
  for (const interval of [seconds(10), seconds(60), seconds(300)]) {
    for (const phase of [seconds(0), Math.floor(interval / 3) as Duration, (interval - 1) as Duration]) {
      for (const substituteAt of [sec(60), sec(95.5), sec(96), sec(143)]) {
        const { detectedAt } = await attackLoggedSubstitute(substituteAt, interval, phase);
        const model = detectionTime({ appendedAt: substituteAt, schedule, monitorInterval: interval, monitorPhase: phase });
        assert.equal(detectedAt, model, `interval ${interval / 1e6} s, phase ${phase} µs, substitute at ${substituteAt / 1e6} s`);
      }
    }
  }
  // Meanwhile a contact's KT verifier accepts the substitute once it is logged: KT does not stop the
  // lie, it makes it public and attributable.
  const { log } = await attackLoggedSubstitute(sec(60), seconds(300), seconds(0), sec(100));
  const served = lookupKey(log, alice, sec(100));
  assert.equal(served.kind === 'found' && served.record.signatureKey[0], 0x66);
  if (served.kind !== 'found') return;
  assert.deepEqual(ktVerifier({ trust }).verify({ viewer: 'bob-phone', contact: alice, home: A, record: served.record, at: sec(100) }).verdict, {
    kind: 'accepted',
    basis: 'logged',
  });
});

test("don't log it: the KT verifier rejects the substitute, where attestation and TOFU-first-use accept it", () => {
  // The honest log knows only alice's real key.
  let log = publishTreeHead(emptyKtLog(A, schedule), signerA, sec(0)).log;
  log = appendBinding(log, { identity: alice, signatureKey: key(1), at: sec(1) }).log;
  log = publishTreeHead(log, signerA, sec(48)).log;
  // The provider's directory serves bob a substitute it never logs (and can even attest, being the home).
  const dir = publishKey(emptyKeyDirectory(A), { identity: alice, signatureKey: key(0x66), at: sec(50) }, signerA);
  const substituting: KeySource = { name: 'provA/substituting', lookupKey: (id, at) => currentKey(dir, id, at) };
  const record = substituting.lookupKey(alice, sec(60))!;
  const observation = { viewer: 'bob-phone', contact: alice, home: A, record, at: sec(60) };
  assert.deepEqual(ktVerifier({ trust }).verify(observation).verdict, { kind: 'rejected', reason: 'unlogged' });
  // The baselines do not stop the home provider: it attests its own lie, and a first use pins it.
  assert.deepEqual(createVerifier({ kind: 'provider-attested', trust }).verify(observation).verdict, { kind: 'accepted', basis: 'attested' });
  assert.deepEqual(createVerifier({ kind: 'tofu', onChange: 'repin' }).verify(observation).verdict, { kind: 'accepted', basis: 'first-use' });
  // The honest KT source gives the real key, which verifies.
  const honest = ktKeySource(new Map([[A, log]]), () => A).lookupKey(alice, sec(60))!;
  assert.deepEqual(ktVerifier({ trust }).verify({ ...observation, record: honest }).verdict, { kind: 'accepted', basis: 'logged' });
  // And alice's monitor, reading the log, finds nothing: there is nothing to find, and nothing was accepted.
  const m = noteOwnKey(createMonitor({ identity: alice, provider: A, providerKey: signerA.publicKey }), key(1));
  assert.equal(monitorCheck(m, latestHead(log)!, entriesBetween(log, 0, latestHead(log)!.treeSize)).result.kind, 'clean');
});

test('log it only in a fork shown to the contact: the monitor sees a clean log, the auditor a signed equivocation', () => {
  let base = publishTreeHead(emptyKtLog(A, schedule), signerA, sec(0)).log;
  base = appendBinding(base, { identity: alice, signatureKey: key(1), at: sec(1) }).log;
  base = publishTreeHead(base, signerA, sec(48)).log;
  const honest = publishTreeHead(base, signerA, sec(96)).log;
  const forked = publishTreeHead(appendBinding(base, { identity: alice, signatureKey: key(0x66), at: sec(60) }).log, signerA, sec(96)).log;
  // Bob's phone is served the fork: the substitute verifies.
  const served = lookupKey(forked, alice, sec(100));
  assert.equal(served.kind, 'found');
  if (served.kind !== 'found') return;
  const bob = ktVerifier({ trust }).verify({ viewer: 'bob-phone', contact: alice, home: A, record: served.record, at: sec(100) });
  assert.deepEqual(bob.verdict, { kind: 'accepted', basis: 'logged' });
  // Alice's phone is served the honest log: clean.
  let m = noteOwnKey(createMonitor({ identity: alice, provider: A, providerKey: signerA.publicKey }), key(1));
  const r = monitorCheck(m, latestHead(honest)!, entriesBetween(honest, 0, latestHead(honest)!.treeSize));
  assert.equal(r.result.kind, 'clean');
  m = r.monitor;
  // An auditor given the heads each phone relied on (gossip) holds two signed heads for epoch 2.
  let auditor = createAuditor({ provider: A, providerKey: signerA.publicKey, schedule, grace: seconds(1) });
  const findings = [m.head!, bob.verifier.seen.get(A)!].flatMap((h) => {
    const out = auditTreeHead(auditor, h);
    auditor = out.auditor;
    return out.findings;
  });
  assert.deepEqual(findings.map((f) => f.kind), ['equivocation']);
});
