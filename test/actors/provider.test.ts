// A provider's server-side fan-out: one copy per local recipient device (offline ones held), one
// envelope per remote provider carrying that provider's recipients, in the order recipients first appear.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageId, nodeId, type NodeId } from '../../sim/core/index.ts';
import { ProviderActor } from '../../sim/actors/provider.ts';
import { headerBytes, type Header } from '../../sim/actors/protocol.ts';
import { Ledger } from '../../sim/trace/index.ts';
import type { World } from '../../sim/actors/world.ts';
import { testNetwork } from '../net/helpers.ts';

const LINK = { latency: { kind: 'constant', ms: 1 } } as const;

test('fanOut: local copies to this server\'s devices by id prefix, the rest relayed per provider, offline devices held', async () => {
  // `pAx` shares pA's prefix: its device is remote to pA, not local.
  const devices = ['pA/u1/d0', 'pA/u2/d0', 'pA/u3/d0', 'pB/u1/d0', 'pB/u2/d0', 'pAx/u1/d0'];
  const { sim, trace, net, id } = testNetwork(['pA', 'pB', 'pAx', ...devices]);
  for (const d of devices) net.addLink({ a: id(d), b: id(d.slice(0, d.indexOf('/'))), ...LINK });
  net.addLink({ a: id('pA'), b: id('pB'), ...LINK });
  net.addLink({ a: id('pA'), b: id('pAx'), ...LINK });
  const world: World = { sim, net, trace, ledger: new Ledger(trace), streams: undefined as never };
  const provider = new ProviderActor(world, id('pA'));
  for (const d of devices.filter((x) => x.startsWith('pA/'))) provider.registerDevice(`${d.split('/')[1]}@pA` as never, id(d), d !== 'pA/u3/d0');
  const got: string[] = [];
  for (const n of ['pB', 'pAx', ...devices.filter((x) => x.startsWith('pA/'))]) {
    net.attach(id(n), (env) => {
      const h = env.header as Extract<Header, { op: 'app' }>;
      got.push(`${n}:${h.recipients.join(',')}:${env.payload.length}`);
    });
  }
  const recipients = ['pB/u1/d0', 'pA/u2/d0', 'pAx/u1/d0', 'pA/u3/d0', 'pB/u2/d0'].map(nodeId);
  const msg = messageId('m1');
  world.ledger.send(msg, id('pA/u1/d0'), recipients, sim.now, 'application', 3);
  const h: Header = { op: 'app', group: 'g@pA' as never, msg, sender: id('pA/u1/d0'), recipients };
  net.send({ from: id('pA/u1/d0'), to: id('pA'), kind: 'application', payload: new Uint8Array(3), header: h, headerBytes: headerBytes(h) });
  await sim.run();
  assert.deepEqual(got.sort(), ['pA/u2/d0:pA/u2/d0:3', 'pAx:pAx/u1/d0:3', 'pB:pB/u1/d0,pB/u2/d0:3']);
  const held = provider.storedFor().get('pA/u3/d0' as NodeId);
  assert.equal(held?.length, 1);
  assert.deepEqual((held![0]!.header as Extract<Header, { op: 'app' }>).recipients, ['pA/u3/d0']);
});
