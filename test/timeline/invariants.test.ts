// The population level's invariants on the dma-art7-meta preset (a small sample): shares stay in
// [0, 1]; reach never exceeds what the arrangements in force allow (none without interoperability,
// no groups before the groups phase, no calls before the calls phase, calls <= groups <= 1:1);
// with third-party chats off by default and nobody willing to opt in, no one reaches across apps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTimeline, type Timeline } from '../../sim/timeline/loadTimeline.ts';
import { linkTable } from '../../sim/timeline/linkTable.ts';
import { monthlyPolicies } from '../../sim/timeline/policy.ts';
import { runPopulation } from '../../sim/timeline/runPopulation.ts';
import { CarrierIndex } from '../../sim/timeline/worlds.ts';

const t = loadTimeline('dma-art7-meta');
const variant = (n: string) => t.variants.find((v) => v.name === n)!;
const run = (n: string, tl: Timeline = t) => runPopulation(tl, variant(n), { seed: '7', agents: 3000 });
const idx = (month: string) => run('no-interop').months.indexOf(month);

test('every share stays in [0, 1] and apps per user in [1, providers]', () => {
  for (const v of t.variants) {
    const r = run(v.name);
    for (const [name, s] of Object.entries(r.series)) {
      for (const x of s) {
        if (name === 'appsPerUser') assert.ok(x >= 1 && x <= t.providers.length, `${v.name} ${name} ${x}`);
        else assert.ok(x >= 0 && x <= 1 + 1e-12, `${v.name} ${name} ${x}`);
      }
    }
    for (const s of Object.values(r.traffic)) for (const x of s) assert.ok(x >= 0 && x <= 1 + 1e-12);
  }
});

test('no interoperability: nobody reaches anyone across apps, no message crosses', () => {
  const r = run('no-interop');
  assert.ok(r.series['crossReach.oneToOne']!.every((x) => x === 0));
  assert.ok(r.series.crossMessages!.every((x) => x === 0));
  assert.ok(r.series['crossPairs']!.some((x) => x > 0), 'there are contact pairs with no app in common');
});

test('reach follows the schedule: nothing before compliance, groups and calls only from their phases', () => {
  const compliance = idx('2024-03');
  const groups = idx('2025-09');
  const calls = idx('2027-09');
  for (const name of ['mimi-mandated', 'dma-art7-meta', 'groups-delayed']) {
    const r = run(name);
    const s = (k: string) => r.series[k]!;
    for (let i = 0; i < compliance; i++) assert.equal(s('crossReach.oneToOne')[i], 0, `${name} month ${i}`);
    for (let i = 0; i < groups; i++) assert.equal(s('crossReach.groups')[i], 0, `${name} groups month ${i}`);
    for (let i = 0; i < calls; i++) assert.equal(s('crossReach.calls')[i], 0, `${name} calls month ${i}`);
    r.months.forEach((_, i) => {
      assert.ok(s('crossReach.calls')[i]! <= s('crossReach.groups')[i]! + 1e-12 && s('crossReach.groups')[i]! <= s('crossReach.oneToOne')[i]! + 1e-12, `${name} month ${i}`);
    });
  }
  const mimi = run('mimi-mandated');
  assert.ok(mimi.series['crossReach.oneToOne']![compliance + 1]! > 0, 'MIMI for every pair connects people on different apps');
  assert.ok(mimi.series['crossReach.groups']![groups]! > 0);
  const delayed = run('groups-delayed');
  assert.ok(delayed.series['crossReach.groups']!.slice(0, idx('2026-09')).every((x) => x === 0), 'the extension pushes groups back a year');
});

test('third-party chats off by default: with no one willing to opt in, no gatekeeper user is reachable across apps', () => {
  const none: Timeline = { ...t, inputs: { ...t.inputs, optInWillingness: 0 } };
  const r = run('dma-art7-meta', none);
  assert.ok(r.series.optedIn!.every((x) => x === 0));
  assert.ok(r.series['crossReach.oneToOne']!.every((x) => x === 0));
  for (const [k, s] of Object.entries(r.traffic)) if (k.startsWith('bridge-')) assert.ok(s.every((x) => x === 0), k);
  // And in the link table itself: a gatekeeper-only user who has not opted in reaches no other app.
  const policy = monthlyPolicies(t, variant('mimi-mandated')).at(-1)!;
  const table = linkTable(t.providers, policy, { oneToOne: 0.6, groups: 0.3, calls: 0.1 }, new CarrierIndex());
  const K = t.providers.length;
  const wa = 1 << t.providers.find((p) => p.id === 'whatsapp')!.index;
  for (let b = 1; b < 1 << K; b++) {
    if ((b & wa) !== 0) continue;
    for (const ob of [0, 1]) assert.equal(table.reach[wa * table.keys + (b | (ob << K))], 0, `mask ${b}`);
  }
  assert.ok(table.reach[(wa | (1 << K)) * table.keys + (1 << t.providers.find((p) => p.id === 'signal')!.index)]! > 0, 'once opted in, the same user reaches Signal');
});

test('same seed, same series; another seed, other series', () => {
  const a = runPopulation(t, variant('dma-art7-meta'), { seed: '3', agents: 2000 });
  const b = runPopulation(t, variant('dma-art7-meta'), { seed: '3', agents: 2000 });
  const c = runPopulation(t, variant('dma-art7-meta'), { seed: '4', agents: 2000 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.series, c.series);
});

test('an offer limited to a region and to platforms reaches only the gatekeeper users there', () => {
  // The MIMI variant with third-party chats on by default, so the constraint is all that limits reach.
  const base = t.variants.find((v) => v.name === 'mimi-mandated')!;
  const limited = (regions: string[] | undefined): Timeline => ({
    ...t,
    spec: { ...t.spec, users: { regions: { eu: 0.5, elsewhere: 0.5 }, platforms: { mobile: 0.9, 'desktop-only': 0.1 } } },
    variants: [{ ...base, phases: base.phases.map((ph) => (ph.offer ? { ...ph, offer: { ...ph.offer, optIn: 'on-by-default' as const, ...(regions !== undefined && { regions, platforms: ['mobile'] }) } } : ph)) }],
  });
  const opted = (tl: Timeline) => runPopulation(tl, tl.variants[0]!, { seed: '7', agents: 3000 }).series['optedIn']!;
  const all = opted(limited(undefined));
  const eu = opted(limited(['eu']));
  const nowhere = runPopulation(limited(['elsewhere']), limited(['elsewhere']).variants[0]!, { seed: '7', agents: 3000 });
  const last = all.length - 1;
  assert.ok(all[last]! > 0.99, 'on by default and unconstrained: every gatekeeper user');
  assert.ok(eu[last]! > 0.35 && eu[last]! < 0.55, `EU and mobile only: about 0.5 x 0.9 of them (${eu[last]})`);
  assert.ok(nowhere.series['optedIn']![last]! < 0.55);
  // Nobody outside the offer's region or platforms can be reached through it: a region with no users gives no reach.
  const empty: Timeline = { ...limited(['eu']), spec: { ...t.spec, users: { regions: { eu: 0, elsewhere: 1 }, platforms: { mobile: 1 } } } };
  assert.ok(runPopulation(empty, empty.variants[0]!, { seed: '7', agents: 3000 }).series['optedIn']!.every((x) => x === 0));
});
