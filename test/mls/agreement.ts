// Checks that every party of a group is in the same epoch with the same epoch authenticator and exporter.
import assert from 'node:assert/strict';
import type { GroupState, MlsEngine } from '../../sim/mls/engine.ts';
import { utf8 } from './helpers.ts';

export async function assertAgree(engine: MlsEngine, states: readonly GroupState[], what: string): Promise<void> {
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const views = await Promise.all(
    states.map(async (s) => ({
      group: hex(engine.groupId(s)),
      epoch: engine.epoch(s),
      auth: hex(engine.epochAuthenticator(s)),
      exporter: hex(await engine.exportSecret(s, 'test', utf8(what), 32)),
    })),
  );
  for (const v of views.slice(1)) assert.deepEqual(v, views[0], `${what}: states disagree`);
}
