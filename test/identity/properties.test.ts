import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { at, seconds } from '../../sim/core/index.ts';
import {
  accountsNeeded,
  AUTHORITATIVE,
  classifyAt,
  emptyNumberDb,
  formatIdentifier,
  identityWorld,
  parseE164,
  parseIdentifier,
  PersistentMap,
  phone,
  portNumber,
  providerId,
  providerView,
  registerNumber,
  resolveIn,
  totalAccounts,
  withNumbers,
  type ContactGraph,
} from '../../sim/identity/index.ts';

const nameChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789._-');
const name = fc.string({ unit: nameChar, minLength: 1, maxLength: 20 });
const alnum = fc.constantFrom(...'abcxyzABC0189');
const provider = fc
  .tuple(alnum, fc.string({ unit: nameChar, maxLength: 10 }), alnum)
  .map(([a, mid, z]) => `${a}${mid}${z}`);
const number = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 7, maxLength: 14 })).map(([d, rest]) => `+${d}${rest}`);

test('property: every valid identifier formats back to the string it was parsed from', () => {
  const identifier = fc.oneof(fc.tuple(name, provider).map(([u, p]) => `${u}@${p}`), number, name);
  fc.assert(fc.property(identifier, (s) => formatIdentifier(parseIdentifier(s)) === s));
});

test('property: PersistentMap behaves as a Map, and earlier versions never change', () => {
  const op = fc.tuple(fc.boolean(), fc.string({ maxLength: 3 }), fc.integer());
  fc.assert(
    fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      let pm = PersistentMap.empty<string, number>();
      const model = new Map<string, number>();
      const versions: [PersistentMap<string, number>, Map<string, number>][] = [];
      for (const [isSet, k, v] of ops) {
        pm = isSet ? pm.set(k, v) : pm.delete(k);
        if (isSet) model.set(k, v);
        else model.delete(k);
        versions.push([pm, new Map(model)]);
      }
      for (const [p, m] of versions) {
        assert.equal(p.size, m.size);
        assert.deepEqual(new Map([...p.entries()].sort()), new Map([...m.entries()].sort()));
      }
    }),
  );
});

test('property: after any sequence of ports, the authoritative view is always right and a provider view misroutes only inside a stale window', () => {
  const providers = ['p0', 'p1', 'p2', 'p3'].map(providerId);
  const staleSec = 30;
  const N = parseE164('+4930123456');
  const hops = fc.array(fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 3 })), { maxLength: 12 });
  fc.assert(
    fc.property(hops, fc.integer({ min: 0, max: 1500 }), (steps, probe) => {
      let db = registerNumber(emptyNumberDb(seconds(staleSec)), N, providers[0]!, at(0));
      let owner = 0;
      let t = 0;
      const ports: { t: number; from: number }[] = [];
      for (const [gap, shift] of steps) {
        t += gap;
        const to = (owner + shift) % providers.length;
        db = portNumber(db, N, providers[owner]!, providers[to]!, at(seconds(t)));
        ports.push({ t, from: owner });
        owner = to;
      }
      const w = withNumbers(identityWorld(), db);
      const when = at(seconds(probe));
      assert.equal(classifyAt(w, phone(N), when, resolveIn(w, phone(N), AUTHORITATIVE, providers[0]!, when)).kind, 'correct');
      for (const [i, p] of providers.entries()) {
        const verdict = classifyAt(w, phone(N), when, resolveIn(w, phone(N), providerView(p), p, when));
        if (verdict.kind === 'misrouted') {
          assert.ok(ports.some((x) => x.from === i && x.t <= probe && probe < x.t + staleSec), `misroute via ${p} at ${probe}s outside a stale window`);
        }
      }
    }),
  );
});

test('property: silo and client-api need the same accounts; federation never more; silo never fewer apps', () => {
  const providers = ['a', 'b', 'c', 'd', 'e'].map(providerId);
  const prov = fc.constantFrom(...providers);
  const graph = fc.array(fc.tuple(prov, fc.array(prov, { maxLength: 8 })), { maxLength: 20 }).map(
    (users): ContactGraph => new Map(users.map(([home, cs], i) => [`u${i}`, { home, contacts: cs.map((h, j) => ({ user: `c${j}`, home: h })) }])),
  );
  fc.assert(
    fc.property(graph, (g) => {
      const silo = totalAccounts(accountsNeeded(g, 'silo'));
      const api = totalAccounts(accountsNeeded(g, 'client-api'));
      const fed = totalAccounts(accountsNeeded(g, 'federated'));
      assert.equal(silo.accounts, api.accounts);
      assert.ok(fed.accounts <= api.accounts && fed.accounts === g.size);
      assert.ok(silo.apps >= api.apps && api.apps === g.size);
    }),
  );
});
