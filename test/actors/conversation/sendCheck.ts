import assert from 'node:assert/strict';
import { headerBytes, type Header } from '../../../sim/actors/protocol.ts';
import { runScenario } from '../../../sim/runner/runScenario.ts';
import type { BuiltWorld } from '../../../sim/runner/buildWorld.ts';
import { smallScenario } from '../../runner/smallScenario.ts';

/**
 * Runs a small scenario with churn and updates under `protocol` and checks every envelope's header size
 * against its JSON, and that each application message goes to the group's other members as the sender
 * sees them when it sends (the ledger's list), its header naming them in a frozen list shared by the
 * epoch's (or roster's) sends; a Signal 1:1 message's pairwise copies each name one of them.
 */
export async function checkSends(protocol: 'mls' | 'signal'): Promise<void> {
  const problems: string[] = [];
  const members = new Map<string, string>();
  const sentTo = new Map<string, string>();
  let apps = 0;
  let sized = 0;
  await runScenario(smallScenario({ protocol }), {
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
            const listed = sentTo.get(h.msg) ?? '';
            if (protocol === 'signal' && h.recipients.length === 1 && !Object.isFrozen(h.recipients)) {
              if (!listed.split(',').includes(h.recipients[0]!)) problems.push(`${h.msg}: pairwise copy to ${h.recipients[0]}, ledger ${listed}`);
            } else {
              if (!Object.isFrozen(h.recipients)) problems.push(`${h.msg}: recipients not frozen`);
              if (listed !== [...h.recipients].sort().join()) problems.push(`${h.msg}: header to ${h.recipients.join()}, ledger ${listed}`);
            }
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
}
