// The two crypto providers are interchangeable: from the same seeds they put the same bytes on the
// wire, and members on either share one group, agree on every epoch and read each other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GroupState, MemberKeys, MlsEngine } from '../../sim/mls/engine.ts';
import { createTsMlsEngine } from '../../sim/mls/tsMlsEngine.ts';
import { expectOk, seededBytes, text, utf8 } from './helpers.ts';

const native = createTsMlsEngine({ crypto: 'native' });
const stock = createTsMlsEngine({ crypto: 'stock' });

async function script(engine: MlsEngine, suite: number): Promise<Uint8Array[]> {
  const wire: Uint8Array[] = [];
  const a = await engine.createMember({ identity: 'a', ciphersuite: suite, randomBytes: seededBytes('same-a') });
  const b = await engine.createMember({ identity: 'b', ciphersuite: suite, randomBytes: seededBytes('same-b') });
  const kp = await engine.generateKeyPackage(b);
  wire.push(kp.keyPackage);
  const { state } = await engine.createGroup(a, utf8('same'));
  const c = expectOk(await engine.commit(state, { adds: [kp.keyPackage] }));
  wire.push(c.commit, c.welcome!);
  const jb = expectOk(await engine.joinFromWelcome(b, c.welcome!, kp.keyPackagePrivate));
  const u = expectOk(await engine.commit(jb.state, { forcePath: true }));
  wire.push(u.commit, await engine.groupInfo(u.state));
  const m = expectOk(await engine.protect(u.state, utf8('hello')));
  wire.push(m.message, engine.epochAuthenticator(u.state));
  return wire;
}

for (const suite of [1, 3, 83, 81, 2, 4, 5, 6, 7]) {
  test(`suite ${suite}: native and stock put byte-identical messages on the wire from the same seeds`, async () => {
    assert.deepEqual(await script(native, suite), await script(stock, suite));
  });
}

interface Mixed {
  readonly engine: MlsEngine;
  readonly member: MemberKeys;
  state: GroupState;
}

for (const suite of [1, 83, 2, 4]) {
  test(`suite ${suite}: a group of native and stock members agrees on every epoch and reads every sender`, async () => {
    const engines = [native, stock, native, stock];
    const members = await Promise.all(engines.map((e, i) => e.createMember({ identity: `p${i}`, ciphersuite: suite, randomBytes: seededBytes(`mixed-${suite}-${i}`) })));
    const { state } = await native.createGroup(members[0]!, utf8(`mixed-${suite}`));
    const kps = await Promise.all(members.slice(1).map((m, i) => engines[i + 1]!.generateKeyPackage(m)));
    const c = expectOk(await native.commit(state, { adds: kps.map((k) => k.keyPackage) }));
    const ps: Mixed[] = [{ engine: native, member: members[0]!, state: c.state }];
    for (const [i, kp] of kps.entries()) {
      const e = engines[i + 1]!;
      ps.push({ engine: e, member: members[i + 1]!, state: expectOk(await e.joinFromWelcome(members[i + 1]!, c.welcome!, kp.keyPackagePrivate)).state });
    }
    const agree = () => assert.equal(new Set(ps.map((p) => Buffer.from(p.engine.epochAuthenticator(p.state)).toString('hex'))).size, 1);
    agree();
    // Each member in turn commits a path update (a stock committer, then native, ...) that all follow.
    for (const committer of [ps[1]!, ps[2]!, ps[3]!, ps[0]!]) {
      const u = expectOk(await committer.engine.commit(committer.state, { forcePath: true }));
      for (const p of ps) if (p !== committer) p.state = expectOk(await p.engine.processHandshake(p.state, u.commit)).state;
      committer.state = u.state;
      agree();
    }
    for (const sender of ps) {
      const m = expectOk(await sender.engine.protect(sender.state, utf8(`from ${sender.engine.memberIdentity(sender.member)}`)));
      sender.state = m.state;
      for (const r of ps) {
        if (r === sender) continue;
        const got = expectOk(await r.engine.unprotect(r.state, m.message));
        r.state = got.state;
        assert.equal(text(got.plaintext), `from ${sender.engine.memberIdentity(sender.member)}`);
      }
    }
  });
}

test("crypto: one-line RangeError for an unknown provider", () => {
  assert.throws(() => createTsMlsEngine({ crypto: 'fast' as never }), { name: 'RangeError', message: `crypto: expected 'native' or 'stock', got "fast"` });
});
