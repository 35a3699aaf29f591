import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hierarchical } from '../../../sim/identity/index.ts';
import {
  appendBinding,
  createMonitor,
  emptyKtLog,
  entriesBetween,
  latestHead,
  monitorCheck,
  noteOwnKey,
  signTreeHead,
  type KtLog,
  type KtMonitor,
  type MonitorResult,
} from '../../../sim/identity/kt/index.ts';
import { flip } from './helpers.ts';
import { A, alice, append, B, bob, key, publish, schedule, sec, signerA, signerB } from './fixtures.ts';

/** One monitoring round as a device would run it: fetch the latest head and the entries it has not read. */
function check(m: KtMonitor, log: KtLog): { monitor: KtMonitor; result: MonitorResult } {
  const head = latestHead(log)!;
  return monitorCheck(m, head, entriesBetween(log, m.verified.size, head.treeSize));
}

const aliceMonitor = () => noteOwnKey(createMonitor({ identity: alice, provider: A, providerKey: signerA.publicKey }), key(1));

test('the owner monitor passes its own keys and flags a binding of its identity it did not publish', () => {
  let log = publish(emptyKtLog(A, schedule), sec(0));
  log = append(log, alice, key(1), sec(1));
  log = append(log, bob, key(2), sec(2));
  log = publish(log, sec(48));
  let m = aliceMonitor();
  let r = check(m, log);
  assert.deepEqual([r.result.kind, r.result.kind === 'clean' && r.result.scanned], ['clean', 2]);
  m = r.monitor;
  assert.deepEqual(check(m, log).result, { kind: 'unchanged' });
  // The provider appends a substitute for alice at 60 s; the head at 96 s carries it.
  log = append(log, bob, key(3), sec(55));
  const { log: attacked, index } = appendBinding(log, { identity: alice, signatureKey: key(0x66), at: sec(60) });
  log = publish(attacked, sec(96));
  r = check(m, log);
  assert.equal(r.result.kind, 'substitution');
  if (r.result.kind !== 'substitution') return;
  assert.equal(r.result.scanned, 2); // only the entries after the prefix already verified
  assert.equal(r.result.head.epoch, 2);
  assert.deepEqual(r.result.found.map((f) => [f.index, f.binding.signatureKey[0], f.binding.issuedAt]), [[index, 0x66, sec(60)]]);
  assert.equal(r.monitor.verified.size, 4);
  assert.equal(m.verified.size, 2); // the input monitor is unchanged
});

test('keys of the user own other devices are not substitutions', () => {
  let log = publish(emptyKtLog(A, schedule), sec(0));
  log = publish(append(append(log, alice, key(1), sec(1)), alice, key(7), sec(2)), sec(48));
  assert.equal(check(aliceMonitor(), log).result.kind, 'substitution');
  assert.equal(check(noteOwnKey(aliceMonitor(), key(7)), log).result.kind, 'clean');
  assert.equal(noteOwnKey(noteOwnKey(aliceMonitor(), key(7)), key(7)).ownKeys.length, 2);
});

test('a log that hides, alters or withdraws entries, or forges heads, is caught and the monitor keeps its state', () => {
  let log = publish(emptyKtLog(A, schedule), sec(0));
  log = publish(append(log, bob, key(2), sec(1)), sec(48));
  const m = check(aliceMonitor(), log).monitor;
  const base = log;
  log = publish(append(append(log, bob, key(3), sec(50)), alice, key(0x66), sec(51)), sec(96));
  const head = latestHead(log)!;
  const fresh = entriesBetween(log, 1, 3);
  const fault = (r: { result: MonitorResult }) => (r.result.kind === 'log-misbehaved' ? r.result.fault : r.result.kind);
  // Hiding the substitute from the monitor: the entries no longer hash to the signed root.
  assert.equal(fault(monitorCheck(m, head, fresh.slice(0, 1))), 'entries-mismatch');
  assert.equal(fault(monitorCheck(m, head, [fresh[0]!, { ...fresh[1]!, identity: hierarchical('mallory', 'provA') }])), 'entries-mismatch');
  assert.equal(fault(monitorCheck(m, head, [fresh[0]!, { ...fresh[1]!, signatureKey: key(1) }])), 'entries-mismatch');
  assert.equal(fault(monitorCheck(m, { ...head, signature: flip(head.signature) }, fresh)), 'bad-tree-head');
  assert.equal(fault(monitorCheck(m, signTreeHead(signerB, head), fresh)), 'wrong-provider');
  assert.equal(fault(monitorCheck(m, { ...signTreeHead(signerB, head), provider: A }, fresh)), 'bad-tree-head');
  // A second head for an epoch already checked, an older epoch, a smaller tree.
  const other = publish(append(base, bob, key(9), sec(50)), sec(96));
  const m2 = check(m, log).monitor;
  assert.equal(fault(monitorCheck(m2, latestHead(other)!, [])), 'equivocation');
  assert.equal(fault(monitorCheck(m2, latestHead(base)!, [])), 'rollback');
  const shrunk = signTreeHead(signerA, { epoch: 3, treeSize: 1, rootHash: latestHead(base)!.rootHash, publishedAt: sec(144) });
  assert.equal(fault(monitorCheck(m2, shrunk, [])), 'shrunk');
  // After every fault the monitor is as it was: an honest check still works.
  assert.equal(check(m, log).result.kind, 'substitution');
});

test('createMonitor checks its input', () => {
  assert.throws(() => createMonitor({ identity: alice, provider: B, providerKey: 'k' as never }), { name: 'TypeError', message: 'providerKey: expected a Uint8Array, got "k"' });
});
