import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LeafMap } from '../../../sim/actors/membership/leafMap.ts';
import type { NodeId } from '../../../sim/core/index.ts';
import { loadEngine } from '../../../sim/mls/loadEngine.ts';
import type { GroupState, MemberKeys } from '../../../sim/mls/engine.ts';
import { seededBytes, utf8 } from '../../helpers/seededBytes.ts';

// The hub follows leaf indices from commit headers alone (adds and removes): checked against the
// real engine's tree through adds, removes, a commit of both, and a resync external join.

test('LeafMap follows the engine: leftmost blank leaf for adds, removes before adds, resync rejoins', async () => {
  const engine = await loadEngine('ts-mls');
  const keys = new Map<string, MemberKeys>();
  const member = async (id: string) => {
    const m = await engine.createMember({ identity: id, ciphersuite: 1, randomBytes: seededBytes(id) });
    keys.set(id, m);
    return m;
  };
  const kp = async (id: string) => (await engine.generateKeyPackage(await member(id))).keyPackage;
  let state: GroupState = (await engine.createGroup(await member('a'), utf8('g'))).state;
  const map = new LeafMap('a' as NodeId);
  const same = () => {
    const real = [...engine.members(state)].sort((x, y) => x.leafIndex - y.leafIndex);
    assert.deepEqual(map.members(), real.map((m) => m.identity));
    for (const m of real) assert.equal(map.leafOf(m.identity as NodeId), m.leafIndex, m.identity);
  };
  const leaf = (id: string) => engine.members(state).find((m) => m.identity === id)!.leafIndex;
  const commit = async (adds: string[], removes: string[]) => {
    const r = await engine.commit(state, { adds: await Promise.all(adds.map(kp)), removes: removes.map(leaf) });
    assert.equal(r.kind, 'ok');
    state = (r as { state: GroupState }).state;
    map.apply(removes as NodeId[], adds as NodeId[]);
    same();
  };
  await commit(['b', 'c', 'd', 'e'], []);
  await commit([], ['b', 'd']);
  await commit(['f'], ['c']); // the removes free leaves 1 to 3; f takes leaf 1
  await commit(['g', 'h', 'i'], []);
  await commit([], ['i']); // the last leaf: the tree is truncated
  await commit(['j'], []);
  // Resync (RFC 9420 §12.4.3.2): e rejoins by external commit removing its old leaf.
  const gi = await engine.groupInfo(state);
  const r = await engine.joinExternal(await member('e'), gi, { removePrior: true });
  assert.equal(r.kind, 'ok');
  state = (r as { state: GroupState }).state;
  map.apply(['e' as NodeId], ['e' as NodeId]);
  same();
});
