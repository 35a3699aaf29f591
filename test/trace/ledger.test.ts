import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, messageId, nodeId } from '../../sim/core/index.ts';
import { Ledger, LedgerViolation, Trace, WireStats, summarize, type TraceRecord } from '../../sim/trace/index.ts';

const m = messageId;
const n = nodeId;

test('every recipient gets exactly one outcome; conservation holds', () => {
  const trace = new Trace();
  const records: TraceRecord[] = [];
  trace.subscribe((r) => records.push(r));
  const ledger = new Ledger(trace);
  ledger.send(m('m1'), n('alice'), [n('bob'), n('carol'), n('dan')], at(0), 'application', 100);
  ledger.deliver(m('m1'), n('bob'), at(1500));
  ledger.drop(m('m1'), n('carol'), at(2000), 'loss');
  assert.throws(() => ledger.assertConserved(), LedgerViolation);
  ledger.reject(m('m1'), n('dan'), at(2100), n('provB'), 'unknown-recipient');
  ledger.assertConserved();
  const t = ledger.totals();
  assert.deepEqual([t.messages, t.expected, t.delivered, t.dropped, t.rejected], [1, 3, 1, 1, 1]);
  assert.deepEqual(records.map((r) => r.type), ['send', 'deliver', 'drop', 'reject']);
});

test('a second outcome for the same recipient, or one for a stranger, is a violation', () => {
  const ledger = new Ledger(new Trace());
  ledger.send(m('m1'), n('a'), [n('b'), n('c')], at(0), 'application', 1);
  ledger.deliver(m('m1'), n('b'), at(1));
  assert.throws(() => ledger.deliver(m('m1'), n('b'), at(2)), /settled twice/);
  assert.throws(() => ledger.drop(m('m1'), n('z'), at(2), 'loss'), /not an intended recipient/);
  assert.throws(() => ledger.drop(m('nope'), n('b'), at(2), 'loss'), /not open/);
  assert.throws(() => ledger.send(m('m1'), n('a'), [n('b')], at(3), 'application', 1), /sent twice/);
});

test('conservation over many random outcomes: sums match', () => {
  const ledger = new Ledger(new Trace());
  let settled = 0;
  for (let i = 0; i < 500; i++) {
    const rc = [n('r1'), n('r2'), n('r3')].slice(0, 1 + (i % 3));
    ledger.send(m(`m${i}`), n('s'), rc, at(i), 'application', 10);
    rc.forEach((r, k) => {
      settled++;
      if ((i + k) % 3 === 0) ledger.deliver(m(`m${i}`), r, at(i + 5));
      else if ((i + k) % 3 === 1) ledger.drop(m(`m${i}`), r, at(i + 5), 'loss');
      else ledger.reject(m(`m${i}`), r, at(i + 5), n('p'), 'policy');
    });
  }
  ledger.assertConserved();
  const t = ledger.totals();
  assert.equal(t.delivered + t.dropped + t.rejected, t.expected);
  assert.equal(t.expected, settled);
});

test('summary: delivery ratio, latency percentiles and wire bytes per message', () => {
  const trace = new Trace();
  const wire = new WireStats();
  trace.subscribe(wire.listener);
  const ledger = new Ledger(trace);
  for (let i = 1; i <= 100; i++) {
    ledger.send(m(`m${i}`), n('a'), [n('b')], at(0), 'application', 50);
    trace.emit({ type: 'hop-enqueue', t: at(1), env: `e${i}` as never, kind: 'application', from: n('a'), node: n('b'), bytes: 50, payload: '00' });
    ledger.deliver(m(`m${i}`), n('b'), at(i * 1000));
  }
  const s = summarize(ledger, wire);
  assert.equal(s.deliveryRatio, 1);
  assert.equal(s.latencyMs.p50, 50);
  assert.equal(s.latencyMs.p95, 95);
  assert.equal(s.latencyMs.p99, 99);
  assert.equal(s.appWireBytesPerMessage, 50);
});

test('recipients found by scanning (up to 16) or by a map (more): the same answers, duplicates refused either way', () => {
  for (const size of [1, 2, 16, 17, 40]) {
    const trace = new Trace();
    const ledger = new Ledger(trace);
    const to = Array.from({ length: size }, (_, i) => n(`r${i}`));
    assert.throws(() => ledger.send(m('dup'), n('a'), [...to, to[size - 1]!], at(0), 'application', 1), /lists a recipient twice/);
    const list = [...to];
    ledger.send(m('x'), n('a'), list, at(0), 'application', 1);
    list.reverse(); // the caller's array is its own: the ledger kept the list as sent
    assert.deepEqual(ledger.pendingRecipients(m('x')), to);
    assert.equal(ledger.isPending(m('x'), n('stranger')), false);
    assert.throws(() => ledger.deliver(m('x'), n('stranger'), at(1)), /not an intended recipient/);
    for (let i = 0; i < size; i += 2) {
      assert.equal(ledger.isPending(m('x'), to[i]!), true);
      ledger.deliver(m('x'), to[i]!, at(10 + i));
      assert.equal(ledger.isPending(m('x'), to[i]!), false);
      assert.throws(() => ledger.drop(m('x'), to[i]!, at(11 + i), 'loss'), size > 1 ? /settled twice/ : /not open/);
    }
    assert.deepEqual(ledger.outstanding().map((o) => o.to), to.filter((_, i) => i % 2 === 1));
    for (let i = 1; i < size; i += 2) ledger.reject(m('x'), to[i]!, at(20), n('b'), 'no');
    ledger.assertConserved();
    assert.equal(ledger.isPending(m('x'), to[0]!), false);
    assert.throws(() => ledger.deliver(m('x'), to[0]!, at(30)), /not open/);
    // Fully settled, the id may be sent again: a new entry, not the one remembered.
    ledger.send(m('x'), n('a'), [to[0]!], at(40), 'application', 1);
    assert.equal(ledger.isPending(m('x'), to[0]!), true);
    ledger.deliver(m('x'), to[0]!, at(41));
    const t = ledger.totals();
    assert.deepEqual([t.messages, t.expected, t.delivered, t.rejected], [2, size + 1, Math.ceil(size / 2) + 1, Math.floor(size / 2)]);
  }
});

test('wire stats count every kind, however the kinds alternate', () => {
  const trace = new Trace();
  const wire = new WireStats();
  trace.subscribe(wire.listener);
  const kinds = ['application', 'application', 'commit', 'application', 'welcome', 'welcome', 'commit'] as const;
  kinds.forEach((kind, i) => trace.emit({ type: 'hop-enqueue', t: at(i), env: `e${i}` as never, kind, from: n('a'), node: n('b'), bytes: 10 + i, payload: '00' }));
  assert.deepEqual([...wire.bytesByKind], [['application', 10 + 11 + 13], ['commit', 12 + 16], ['welcome', 14 + 15]]);
  assert.deepEqual([...wire.hopsByKind], [['application', 3], ['commit', 2], ['welcome', 2]]);
  assert.equal(wire.totalBytes(), 10 + 11 + 12 + 13 + 14 + 15 + 16);
});

test('isPending then the outcome, pair after pair, interleaved across messages and sizes: each answer its own', () => {
  const ledger = new Ledger(new Trace());
  const small = [n('b'), n('c'), n('d')];
  const large = Array.from({ length: 20 }, (_, i) => n(`r${i}`)); // above the scan limit: found by index
  ledger.send(m('s'), n('a'), small, at(0), 'application', 1);
  ledger.send(m('l'), n('a'), large, at(0), 'application', 1);
  for (const [msg, to] of [['s', 'c'], ['l', 'r7'], ['s', 'b'], ['l', 'r19'], ['l', 'r0'], ['s', 'd']] as const) {
    assert.equal(ledger.isPending(m(msg), n(to)), true);
    ledger.deliver(m(msg), n(to), at(5));
    assert.equal(ledger.isPending(m(msg), n(to)), false);
    assert.throws(() => ledger.deliver(m(msg), n(to), at(6)), /settled twice|not open/); // closed once all are settled
  }
  assert.equal(ledger.isPending(m('s'), n('zz')), false);
  assert.equal(ledger.isPending(m('l'), n('r1')), true);
  assert.deepEqual(ledger.pendingRecipients(m('s')), []);
  assert.equal(ledger.pendingRecipients(m('l')).length, 17);
  // The small message is fully settled and closed: a stranger's outcome is still caught.
  assert.throws(() => ledger.deliver(m('s'), n('c'), at(7)), /not open/);
});
