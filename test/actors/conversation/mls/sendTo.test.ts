import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headerBytes, type Header } from '../../../../sim/actors/protocol.ts';
import { runScenario } from '../../../../sim/runner/runScenario.ts';
import type { BuiltWorld } from '../../../../sim/runner/buildWorld.ts';
import { smallScenario } from '../../../runner/smallScenario.ts';

test('an application message goes to the group\'s other members of its epoch, with its header\'s JSON size on the wire, through churn and updates', async () => {
  const problems: string[] = [];
  const members = new Map<string, string>();
  const sentTo = new Map<string, string>();
  let apps = 0;
  let sized = 0;
  await runScenario(smallScenario(), {
    onWorldReady: (ctx) => {
      const { world, devices } = ctx as BuiltWorld;
      // Every envelope anyone sends: the size it is given is its header's JSON size.
      const send = world.net.send.bind(world.net);
      world.net.send = (req) => {
        if (req.header !== undefined) {
          sized++;
          const h = req.header as Header;
          if (req.headerBytes !== headerBytes(h)) problems.push(`${req.from} ${h.op}: size ${req.headerBytes}, header ${headerBytes(h)}`);
          if (h.op === 'app' && req.from === h.sender) {
            apps++;
            if (!Object.isFrozen(h.recipients)) problems.push(`${h.msg}: recipients not frozen`);
            if (sentTo.get(h.msg) !== [...h.recipients].sort().join()) problems.push(`${h.msg}: header to ${h.recipients.join()}, ledger ${sentTo.get(h.msg)}`);
          }
        }
        return send(req);
      };
      world.trace.subscribe((r) => {
        if (r.type === 'send' && r.kind === 'application') sentTo.set(r.msg, [...r.to].sort().join());
      });
      // Whom each message should go to: the group's other members as the sender sees them when it sends.
      for (const d of devices.values()) {
        const sendApp = d.sendApplication.bind(d);
        d.sendApplication = (group, msg, plaintext) => {
          members.set(msg, [...d.peers(group)].sort().join());
          return sendApp(group, msg, plaintext);
        };
      }
    },
  });
  for (const [msg, to] of sentTo) if (members.has(msg) && members.get(msg) !== to) problems.push(`${msg}: sent to ${to}, members ${members.get(msg)}`);
  assert.ok(apps > 50 && sized > apps, `${apps} ${sized}`);
  assert.deepEqual(problems, []);
});
