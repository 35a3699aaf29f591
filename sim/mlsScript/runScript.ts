// Runs one script on a fresh simulated network: actions in order, each one until the network is quiet,
// stopping at the first failure. A script with an unsupported action does not run at all.
import { ZERO } from '../core/index.ts';
import type { MlsEngine } from '../mls/engine.ts';
import type { LinkParams } from '../net/index.ts';
import type { TraceListener } from '../trace/index.ts';
import { actorReceiver } from './receive.ts';
import type { Tamper } from './relayProtocol.ts';
import { runAction } from './runAction.ts';
import type { ScriptContext } from './scriptContext.ts';
import type { ScriptReport } from './scriptReport.ts';
import type { MlsScript } from './scriptSchema.ts';
import { DS_NODE, ScriptWorld } from './scriptWorld.ts';
import { StepFailure } from './stepFailure.ts';
import { firstUnsupported } from './unsupported.ts';

export interface ScriptRunOptions {
  readonly engine: MlsEngine;
  readonly ciphersuite: number;
  readonly seed: string;
  readonly publicHandshake: boolean;
  readonly link: LinkParams;
  readonly dsServiceMicros: number;
  readonly tamper?: Tamper;
  readonly onTrace?: TraceListener;
}

export async function runScript(script: MlsScript, source: string, o: ScriptRunOptions): Promise<ScriptReport> {
  const base = { source, name: script.name, ciphersuite: o.ciphersuite, actions: script.actions.length };
  const gap = firstUnsupported(script);
  if (gap !== undefined) {
    return {
      ...base,
      status: 'unsupported',
      actionsRun: 0,
      epochsVerified: 0,
      wireBytes: 0,
      envelopes: 0,
      virtualTime: ZERO,
      traceDigest: '',
      failedAction: gap.index,
      failedActionName: gap.action,
      reason: gap.reason,
    };
  }

  const world = new ScriptWorld({
    script: script.name,
    seed: o.seed,
    link: o.link,
    dsServiceMicros: o.dsServiceMicros,
    ...(o.tamper !== undefined && { tamper: o.tamper }),
    ...(o.onTrace !== undefined && { onTrace: o.onTrace }),
  });
  const ctx: ScriptContext = {
    engine: o.engine,
    world,
    script: script.name,
    ciphersuite: o.ciphersuite,
    suite: o.ciphersuite,
    publicHandshake: o.publicHandshake,
    outputs: new Map(),
    epochsVerified: 0,
  };
  world.onReceive(actorReceiver(ctx));

  let failure: { index: number; action: string; reason: string; error?: Error } | undefined;
  let actionsRun = 0;
  for (const [index, action] of script.actions.entries()) {
    world.trace.emit({ type: 'note', t: world.sim.now, by: DS_NODE, text: `action ${index} ${action.action}` });
    try {
      await runAction(ctx, index, action);
      actionsRun++;
    } catch (e) {
      failure = failureOf(index, action.action, e);
      world.trace.emit({ type: 'note', t: world.sim.now, by: DS_NODE, text: `failed: ${failure.reason}` });
      break;
    }
  }
  const measured = {
    ...base,
    actionsRun,
    epochsVerified: ctx.epochsVerified,
    wireBytes: world.wireBytes,
    envelopes: world.envelopes,
    virtualTime: world.sim.now,
    traceDigest: world.trace.digest(),
  };
  if (failure === undefined) return { ...measured, status: 'pass' };
  return {
    ...measured,
    status: 'fail',
    failedAction: failure.index,
    failedActionName: failure.action,
    reason: failure.reason,
    ...(failure.error !== undefined && { error: failure.error }),
  };
}

/** A StepFailure is the expected kind; anything else thrown (by a plugged-in engine, say) still fails only this script. */
function failureOf(index: number, action: string, e: unknown): { index: number; action: string; reason: string; error?: Error } {
  if (e instanceof StepFailure) return { index, action, reason: e.message };
  const error = e instanceof Error ? e : new Error(String(e));
  return { index, action, reason: `threw ${error.name}: ${error.message.split('\n')[0]}`, error };
}
