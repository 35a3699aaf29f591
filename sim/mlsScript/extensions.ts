// Extensions as the IETF configs write them: `[{"extension_type": 3, "extension_data": "<base64>"}]`
// (or `{"3": "<base64>"}`), as the engine takes them. The schema already checked types and base64.
import type { MlsExtension } from '../mls/engine.ts';
import { StepFailure } from './stepFailure.ts';
import type { ScriptExtensions } from './scriptSchema.ts';

export function scriptExtensions(x: ScriptExtensions): MlsExtension[] {
  const list = Array.isArray(x) ? x.map((e) => [e.extension_type, e.extension_data] as const) : Object.entries(x).map(([t, d]) => [Number(t), d] as const);
  return list.map(([type, data]) => {
    if (type > 0xffff) throw new StepFailure(`extension type ${type} is not a uint16`);
    return { type, data: new Uint8Array(Buffer.from(data, 'base64')) };
  });
}
