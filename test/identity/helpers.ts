import { at, seconds, type SimTime } from '../../sim/core/index.ts';
import { providerId, type ProviderId } from '../../sim/identity/index.ts';

export const A: ProviderId = providerId('provA');
export const B: ProviderId = providerId('provB');
export const C: ProviderId = providerId('provC');
/** Virtual time `s` seconds after the start. */
export const sec = (s: number): SimTime => at(seconds(s));
