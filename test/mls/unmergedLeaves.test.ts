// Regression: Welcome joins failed with "non-blank intermediate node must list leaf node in its
// unmerged_leaves" after adds, removes and path updates left unmerged_leaves lists that differ along a
// path. ts-mls 1.6.4's tree check demanded equal lists on the whole direct path; RFC 9420 §12.4.3.1 only
// asks that nodes *between* the leaf and the listing node list the leaf too. The engine now checks the
// RFC rule (sim/mls/tsMls/validateRatchetTree.ts).
//
// A small model of the RFC's tree rules predicts each tree the engine reaches:
// - adding a leaf fills the leftmost blank leaf (or extends the tree) and appends the leaf to the
//   unmerged_leaves of its non-blank ancestors (§7.7, §12.1.1);
// - removing a leaf blanks it and its direct path, then truncates blank right halves (§7.7, §12.1.3);
// - an UpdatePath blanks the committer's direct path and sets its filtered direct path (§7.5) to fresh
//   nodes with empty unmerged_leaves (§12.4.2); proposals apply before the path (§12.3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RatchetTree } from 'ts-mls';
import { toLeafIndex, type MemberKeys } from '../../sim/mls/engine.ts';
import { asGroup } from '../../sim/mls/tsMls/handles.ts';
import { unmergedLeavesError } from '../../sim/mls/tsMls/validateRatchetTree.ts';
import { buildGroup, expectOk, seededBytes, text, utf8, type Party, testEngine } from './helpers.ts';

const engine = testEngine();

// ---- the RFC model: leaves hold true (member) or false (blank); parents hold their unmerged list or null
type ModelNode = boolean | number[] | null;

class ModelTree {
  nodes: ModelNode[] = [true];
  get leaves(): number {
    return (this.nodes.length + 1) / 2;
  }
  private level(x: number): number {
    let k = 0;
    while (((x >> k) & 1) === 1) k++;
    return k;
  }
  private parent(x: number): number {
    const k = this.level(x);
    const b = (x >> (k + 1)) & 1;
    return (x | (1 << k)) ^ (b << (k + 1));
  }
  private root(): number {
    return (1 << Math.floor(Math.log2(this.nodes.length))) - 1;
  }
  directPath(leaf: number): number[] {
    const out: number[] = [];
    for (let x = 2 * leaf; x !== this.root(); ) out.push((x = this.parent(x)));
    return out;
  }
  private sibling(x: number): number {
    const p = this.parent(x);
    return x < p ? p + (1 << this.level(x)) : p - (1 << this.level(x));
  }
  private resolution(x: number): number[] {
    const n = this.nodes[x];
    if (x % 2 === 0) return n === true ? [x] : [];
    if (Array.isArray(n)) return [x, ...n.map((l) => 2 * l)];
    const k = this.level(x) - 1;
    return [...this.resolution(x - (1 << k)), ...this.resolution(x + (1 << k))];
  }
  add(): number {
    let leaf = this.nodes.findIndex((n, i) => i % 2 === 0 && n === false) / 2;
    if (leaf < 0) {
      leaf = this.leaves;
      this.nodes = [...this.nodes, null, ...new Array<ModelNode>(this.nodes.length).fill(null)].map((n, i) => (i % 2 === 0 && n === null ? false : n));
    }
    this.nodes[2 * leaf] = true;
    for (const p of this.directPath(leaf)) {
      const n = this.nodes[p];
      if (Array.isArray(n)) this.nodes[p] = [...n, leaf];
    }
    return leaf;
  }
  remove(leaf: number): void {
    this.nodes[2 * leaf] = false;
    for (const p of this.directPath(leaf)) this.nodes[p] = null;
    while (this.leaves > 1 && this.nodes.slice(this.root() + 1).every((n) => n === false || n === null)) {
      this.nodes = this.nodes.slice(0, this.root());
    }
  }
  updatePath(leaf: number): void {
    const filtered = this.directPath(leaf).filter((p, i) => this.resolution(this.sibling(i === 0 ? 2 * leaf : this.directPath(leaf)[i - 1]!)).length > 0);
    for (const p of this.directPath(leaf)) this.nodes[p] = null;
    for (const p of filtered) this.nodes[p] = [];
  }
  /** The unmerged lists of non-blank parents, as "node:leaves" strings. */
  unmerged(): string[] {
    return this.nodes.flatMap((n, i) => (Array.isArray(n) ? [`${i}:${n.join(',')}`] : []));
  }
}

function engineUnmerged(tree: RatchetTree): string[] {
  return tree.flatMap((n, i) => (n?.nodeType === 'parent' ? [`${i}:${n.parent.unmergedLeaves.join(',')}`] : []));
}

// ---- driving the engine the way the device actors do
interface Op {
  readonly by: number;
  readonly adds?: number;
  readonly removes?: readonly number[];
  readonly update?: boolean;
}

class World {
  readonly parties: (Party | undefined)[] = [];
  readonly model = new ModelTree();
  private joined = 0;
  welcomes = 0;
  static async start(n: number, seed: string): Promise<World> {
    const w = new World(seed);
    const names = Array.from({ length: n }, (_, i) => `m${i}`);
    for (const p of await buildGroup(engine, 1, names, seed)) w.parties.push(p);
    for (let i = 1; i < n; i++) w.model.add();
    w.joined = n;
    return w;
  }
  private constructor(private readonly seed: string) {}
  private async newMember(): Promise<{ member: MemberKeys; name: string }> {
    const name = `j${this.joined++}`;
    return { name, member: await engine.createMember({ identity: name, ciphersuite: 1, randomBytes: seededBytes(`${this.seed}/${name}`) }) };
  }
  async apply(op: Op): Promise<void> {
    const committer = this.parties[op.by];
    assert.ok(committer !== undefined, `leaf ${op.by} is a member`);
    const fresh = [];
    for (let i = 0; i < (op.adds ?? 0); i++) {
      const m = await this.newMember();
      fresh.push({ ...m, kp: await engine.generateKeyPackage(m.member) });
    }
    const c = expectOk(
      await engine.commit(committer.state, {
        adds: fresh.map((f) => f.kp.keyPackage),
        removes: (op.removes ?? []).map(toLeafIndex),
        forcePath: op.update === true,
      }),
      `commit ${JSON.stringify(op)}`,
    );
    for (const r of op.removes ?? []) this.model.remove(r);
    const addedAt = fresh.map(() => this.model.add());
    if ((op.removes ?? []).length > 0 || op.update === true) this.model.updatePath(op.by);
    for (const [i, p] of this.parties.entries()) {
      if (p === undefined || p === committer) continue;
      const r = expectOk(await engine.processHandshake(p.state, c.commit), `${p.name} processes`);
      if (r.removedSelf) this.parties[i] = undefined;
      else p.state = r.state;
    }
    committer.state = c.state;
    for (const [i, f] of fresh.entries()) {
      const j = expectOk(await engine.joinFromWelcome(f.member, c.welcome!, f.kp.keyPackagePrivate), `${f.name} joins from the Welcome`);
      this.welcomes++;
      assert.equal(engine.ownLeafIndex(j.state), addedAt[i], 'the model places the joiner where the engine does');
      this.parties[addedAt[i]!] = { name: f.name, member: f.member, state: j.state };
    }
    this.check();
  }
  check(): void {
    const live = this.parties.filter((p): p is Party => p !== undefined);
    assert.equal(new Set(live.map((p) => Buffer.from(engine.epochAuthenticator(p.state)).toString('hex'))).size, 1, 'one epoch for all');
    for (const p of live) assert.deepEqual(engineUnmerged(asGroup(p.state).client.ratchetTree), this.model.unmerged(), `${p.name}'s tree follows RFC 9420`);
  }
}

test('the failing sequence: path update, two removes, then a path-less add in both halves; both joiners get in', async () => {
  const w = await World.start(8, 'unmerged-regression');
  await w.apply({ by: 0, update: true }); // nodes 1, 3, 7 get keys, unmerged []
  await w.apply({ by: 0, removes: [1, 4] }); // blanks leaves 1 and 4; the path refills 3 and 7 (node 1's copath is blank now)
  await w.apply({ by: 0, adds: 2 }); // leaf 1 lands under 3 and 7; leaf 4 only under the root
  // ts-mls 1.6.4 wanted node 3's list to equal the root's on leaf 1's path, and refused the Welcome.
  assert.deepEqual(w.model.unmerged(), ['3:1', '7:1,4'], 'unmerged lists differ along the path, as the RFC allows');
  // The joiners are full members: they read a message from the old guard and vice versa.
  const [alice, x] = [w.parties[0]!, w.parties[1]!];
  const sent = expectOk(await engine.protect(alice.state, utf8('welcome aboard')));
  assert.equal(text(expectOk(await engine.unprotect(x.state, sent.message)).plaintext), 'welcome aboard');
  const back = expectOk(await engine.protect(x.state, utf8('thanks')));
  assert.equal(text(expectOk(await engine.unprotect(alice.state, back.message)).plaintext), 'thanks');
});

test('an external joiner accepts the same tree (the check is shared with joinExternal)', async () => {
  const w = await World.start(8, 'unmerged-external');
  await w.apply({ by: 0, update: true });
  await w.apply({ by: 0, removes: [1, 4] });
  await w.apply({ by: 0, adds: 2 });
  const gi = await engine.groupInfo(w.parties[0]!.state);
  const outsider = await engine.createMember({ identity: 'outsider', ciphersuite: 1, randomBytes: seededBytes('outsider') });
  const j = expectOk(await engine.joinExternal(outsider, gi), 'external join');
  const r = expectOk(await engine.processHandshake(w.parties[2]!.state, j.commit), 'a member follows the external commit');
  assert.deepEqual(engine.epochAuthenticator(r.state), engine.epochAuthenticator(j.state));
});

test('seeded churn like the device actors: every Welcome joins and every tree matches the RFC model', async () => {
  // A deterministic LCG picks committers and ops: adds without a path, removes by leaf, forced updates.
  let s = 0x2545f491;
  const rand = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const w = await World.start(6, 'unmerged-churn');
  for (let step = 0; step < 24; step++) {
    const live = w.parties.flatMap((p, i) => (p === undefined ? [] : [i]));
    const by = live[rand(live.length)]!;
    const kind = rand(3);
    if (kind === 0 || live.length <= 3) await w.apply({ by, adds: 1 + rand(2) });
    else if (kind === 1) {
      const others = live.filter((l) => l !== by);
      await w.apply({ by, removes: [others[rand(others.length)]!] });
    } else await w.apply({ by, update: true });
  }
  assert.ok(w.welcomes >= 6, `joined ${w.welcomes} Welcomes`);
});

test('unmergedLeavesError: RFC 9420 §12.4.3.1 rules on hand-built trees', () => {
  const leaf = { nodeType: 'leaf' } as unknown as NonNullable<RatchetTree[number]>;
  const parent = (unmergedLeaves: number[]) =>
    ({ nodeType: 'parent', parent: { hpkePublicKey: new Uint8Array(), parentHash: new Uint8Array(), unmergedLeaves } }) as NonNullable<RatchetTree[number]>;
  // 4 leaves: nodes 0 2 4 6 are leaves, 1 and 5 level-1 parents, 3 the root.
  const tree = (n1: number[] | undefined, n3: number[] | undefined, n5: number[] | undefined, leaves = [true, true, true, true]): RatchetTree => [
    leaves[0] ? leaf : undefined,
    n1 && parent(n1),
    leaves[1] ? leaf : undefined,
    n3 && parent(n3),
    leaves[2] ? leaf : undefined,
    n5 && parent(n5),
    leaves[3] ? leaf : undefined,
  ];
  assert.equal(unmergedLeavesError(tree([1], [1, 2], undefined)), undefined, 'a higher node may list more leaves');
  assert.equal(unmergedLeavesError(tree(undefined, [1, 3], undefined)), undefined, 'a blank node in between needs nothing');
  assert.match(unmergedLeavesError(tree(undefined, [1, 3], []))!.message, /must list leaf node/, 'a non-blank one does');
  assert.match(unmergedLeavesError(tree([], [1], undefined))!.message, /must list leaf node/, 'a node in between must list the leaf');
  assert.match(unmergedLeavesError(tree([2], undefined, undefined))!.message, /non-blank descendant/, 'not a descendant');
  assert.match(unmergedLeavesError(tree([1], [1], undefined, [true, false, true, true]))!.message, /non-blank descendant/, 'a blank leaf');
});
