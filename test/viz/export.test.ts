// `interop-sim export`: Perfetto trace-event JSON and tidy CSV tables from a real run (issue 13 §3).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';
import { canonicalJson } from '../../sim/trace/index.ts';
import { CSV_TABLES, csvField } from '../../viz/export/csvExport.ts';
import { exportRun } from '../../viz/export/exportRun.ts';
import type { TraceEvent } from '../../viz/export/perfettoExport.ts';
import { cli } from '../cli/runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-export-'));
const run = join(dir, 'adv');
let counts: Record<string, number> = {};
let exposedBy = new Set<string>();

before(async () => {
  // A real run with an attacker that decrypts: MLS operations, hops, drops, rejections and exposures.
  const s = loadScenario('adversarial');
  await runScenario(s, { outDir: run });
  counts = {};
  for (const line of readFileSync(join(run, 'trace.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line) as { type: string; by?: string };
    counts[r.type] = (counts[r.type] ?? 0) + 1;
    if (r.type === 'expose') exposedBy.add(r.by!);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('export --format perfetto', () => {
  let events: TraceEvent[];
  before(async () => {
    const out = join(dir, 'run.json');
    const r = await exportRun(run, 'perfetto', out);
    assert.equal(r.kind, 'perfetto');
    events = (JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    assert.equal(events.length, r.kind === 'perfetto' ? r.events : -1);
  });

  it('names a process per provider and a track per node', () => {
    const procs = events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.args!.name);
    for (const p of ['provA', 'provB', 'provC']) assert.ok(procs.includes(p), p);
    const threads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
    assert.equal(new Set(threads.map((e) => `${e.pid}/${e.tid}`)).size, threads.length, 'thread ids unique');
    assert.ok(threads.some((t) => t.args!.name === 'provA'));
    for (const a of exposedBy) assert.ok(threads.some((t) => t.args!.name === a), `the attacker ${a} has a track`);
  });

  it('every flow has both ends, one hop each; flow ids are unique', () => {
    const outs = new Map<string, number>(), ins = new Map<string, number>();
    for (const e of events) {
      if (e.bind_id === undefined) continue;
      if (e.flow_out) outs.set(e.bind_id, (outs.get(e.bind_id) ?? 0) + 1);
      if (e.flow_in) ins.set(e.bind_id, (ins.get(e.bind_id) ?? 0) + 1);
    }
    assert.equal(outs.size, counts['hop-enqueue'], 'one flow per hop');
    assert.deepEqual([...outs.keys()].sort(), [...ins.keys()].sort(), 'every flow that starts ends');
    assert.ok([...outs.values(), ...ins.values()].every((n) => n === 1), 'each id binds exactly one start and one end');
    // The end of a flow is no earlier than its start: an envelope arrives after it leaves.
    const at = new Map<string, number>();
    for (const e of events) if (e.flow_out) at.set(e.bind_id!, e.ts!);
    for (const e of events) if (e.flow_in) assert.ok(e.ts! >= at.get(e.bind_id!)!, `flow ${e.bind_id} goes back in time`);
  });

  it('slices on each track are in time order and never overlap (they must nest to open in Perfetto)', () => {
    const last = new Map<string, number>();
    let slices = 0;
    for (const e of events) {
      if (e.ph !== 'X') continue;
      slices++;
      assert.ok(Number.isSafeInteger(e.ts) && e.ts! >= 0 && Number.isSafeInteger(e.dur) && e.dur! >= 1);
      const track = `${e.pid}/${e.tid}`;
      assert.ok(e.ts! >= (last.get(track) ?? 0), `track ${track} out of order at ${e.ts}`);
      last.set(track, e.ts! + e.dur!);
    }
    assert.ok(slices >= 2 * counts['hop-enqueue']! + counts['mls']!);
  });

  it('has a slice per MLS operation and per decryption by a non-endpoint', () => {
    assert.equal(events.filter((e) => e.cat === 'mls').length, counts['mls']);
    assert.equal(events.filter((e) => e.cat === 'expose').length, counts['expose'] ?? 0);
    assert.ok((counts['expose'] ?? 0) > 0, 'the adversarial preset exposes messages');
  });
});

describe('export --format csv', () => {
  const out = join(dir, 'tables');
  const rows = (name: string) => readFileSync(join(out, `${name}.csv`), 'utf8').trimEnd().split('\n');
  before(async () => {
    await exportRun(run, 'csv', out);
  });

  it('writes the four tidy tables with their headers, one row per record', () => {
    assert.deepEqual(readdirSync(out).sort(), ['copies.csv', 'exposures.csv', 'hops.csv', 'messages.csv', 'skipped.csv']);
    for (const [name, cols] of Object.entries(CSV_TABLES)) assert.equal(rows(name)[0], cols.join(','), name);
    assert.equal(rows('messages').length - 1, counts['send']);
    assert.equal(rows('copies').length - 1, (counts['deliver'] ?? 0) + (counts['drop'] ?? 0) + (counts['reject'] ?? 0));
    assert.equal(rows('hops').length - 1, (counts['hop-enqueue'] ?? 0) + (counts['wire-drop'] ?? 0));
    assert.equal(rows('exposures').length - 1, counts['expose'] ?? 0);
    assert.equal(rows('skipped').length - 1, counts['skip'] ?? 0);
    assert.ok(rows('exposures').slice(1).every((l) => l.split(',')[2] === 'attacker'));
    const copy = rows('copies').slice(1).map((l) => l.split(','));
    assert.ok(copy.every((c) => ['delivered', 'dropped', 'rejected'].includes(c[2]!)));
  });

  it('quotes fields that hold commas, quotes or line breaks (RFC 4180)', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('x\ny'), '"x\ny"');
    assert.equal(csvField(42), '42');
    assert.equal(csvField(undefined), '');
  });
});

describe('export: bad input is one line, and nothing is written', () => {
  it('a malformed trace line names the file and line; no table is left behind', async () => {
    const bad = join(dir, 'bad');
    rmSync(bad, { recursive: true, force: true });
    const lines = readFileSync(join(run, 'trace.jsonl'), 'utf8').split('\n');
    lines[5] = canonicalJson({ type: 'deliver', t: 'soon', msg: 'm', to: 'x', latency: 1 });
    writeFileSync(join(dir, 'bad.jsonl'), lines.join('\n'));
    await assert.rejects(exportRun(join(dir, 'bad.jsonl'), 'csv', bad), (e: Error) => e instanceof RangeError && /bad\.jsonl:6: deliver\.t: expected an integer/.test(e.message));
    assert.equal(existsSync(bad), false);
    await assert.rejects(exportRun(join(dir, 'bad.jsonl'), 'perfetto', join(dir, 'bad.json')), RangeError);
    assert.equal(existsSync(join(dir, 'bad.json')), false);
  });

  it('the command prints one error line and exits 2', () => {
    const r = cli('export', run, '--format', 'svg', '-o', join(dir, 'x'));
    assert.equal(r.code, 2);
    assert.equal(r.err, 'error: format: expected one of perfetto, csv, got "svg"\n');
    const missing = cli('export', join(dir, 'nope'), '--format', 'csv', '-o', join(dir, 'x'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^error: run: no such file or directory: .*nope\n$/);
    const ok = cli('export', run, '--format', 'perfetto', '-o', join(dir, 'cli.json'));
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^wrote .*cli\.json: \d+ trace events/);
  });
});
