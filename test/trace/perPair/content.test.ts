import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../../scenarios/index.ts';
import { runWithTrace, serverOf } from './helpers.ts';

const short = (name: string, seconds: number) => {
  const s = loadScenario(name);
  return { ...s, durationSeconds: seconds, drainSeconds: Math.min(s.drainSeconds, 20) };
};

test('mixed-capabilities: per-pair fidelity, fallbacks and cleartext copies add up to the run\'s content measures and the trace', async () => {
  const s = short('mixed-capabilities', 30);
  const { r, records } = await runWithTrace(s, s.architecture);
  const pp = r.perPair!;
  const c = r.content!;
  const read = c.outcomes.full + c.outcomes.fallback + c.outcomes.unreadable;
  const rendered = pp.pairs.reduce((n, p) => n + p.rendered, 0);
  assert.equal(rendered, read, 'every copy read is in one pair');
  const fidelity = pp.pairs.reduce((n, p) => n + (p.rendered === 0 ? 0 : p.featureFidelity * p.rendered), 0) / rendered;
  assert.ok(Math.abs(fidelity - c.featureFidelity) < 1e-9, `${fidelity} vs ${c.featureFidelity}`);
  const fellBack = pp.pairs.reduce((n, p) => n + (p.rendered === 0 ? 0 : (p.contentFallbackPct * p.rendered) / 100), 0);
  assert.ok(Math.abs(fellBack - (c.outcomes.fallback + c.outcomes.unreadable)) < 1e-6);
  assert.ok(pp.pairs.some((p) => p.featureFidelity < 1), 'some pair lost features');
  // Cleartext copies: the transport fallback's ledger messages (`<msg>.clear`), counted from the trace per pair.
  const clear = new Map<string, number>();
  for (const x of records) if (x.type === 'send' && x.msg.endsWith('.clear')) for (const d of x.to) clear.set(`${serverOf(x.from)}>${serverOf(d)}`, (clear.get(`${serverOf(x.from)}>${serverOf(d)}`) ?? 0) + 1);
  assert.ok(c.clearMessages > 0 && clear.size > 0, 'the preset sends some messages in clear');
  for (const p of pp.pairs) assert.ok(Math.abs((p.cleartextPct * p.copies) / 100 - (clear.get(`${p.from}>${p.to}`) ?? 0)) < 1e-6, `${p.from}->${p.to}`);
  assert.ok((pp.weakestLink.byWeakest.cleartext ?? 0) === c.clearMessages, 'each message sent in clear is weakest at cleartext');
});

test('handle-collisions: misdelivered copies per pair add up to the run\'s, each at the stranger\'s provider', async () => {
  const s = short('handle-collisions', 30);
  const { r, records } = await runWithTrace(s, s.architecture);
  const strangers = records.filter((x) => x.type === 'expose' && x.as === 'stranger');
  assert.ok(r.security.misdeliveredCopies > 0 && strangers.length === r.security.misdeliveredCopies);
  const perPair = r.perPair!.pairs.reduce((n, p) => n + (p.misdeliveredPct * p.copies) / 100, 0);
  assert.ok(Math.abs(perPair - r.security.misdeliveredCopies) < 1e-6, `${perPair} vs ${r.security.misdeliveredCopies}`);
});
