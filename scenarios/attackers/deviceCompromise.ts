import { z } from 'zod';
import { nonNegativeNumber, positiveInt } from '../fields.ts';

/**
 * A thief who images devices at one instant (full protocol state: MLS group secrets and leaf/path
 * private keys; Signal identity, prekeys, ratchet sessions and sender keys) and then passively holds
 * every later ciphertext addressed to them, decrypting for real with the stolen state (post-compromise
 * security, measured).
 */
export const deviceCompromiseSchema = z
  .object({
    kind: z.literal('device-compromise'),
    /** When the state is copied, in seconds from the start of the workload. */
    atSeconds: nonNegativeNumber().default(10),
    /** How many devices: those in the most conversations at that instant (ties by id). */
    victims: positiveInt(100).default(1),
    /** Named victims instead (device ids such as `provA/u3/d0`). */
    devices: z.array(z.string({ error: 'expected a device id such as provA/u3/d0' }).min(1)).min(1).optional(),
  })
  .strict();

/**
 * The compromise must come before the workload ends, and named victims must be devices of the
 * scenario's users (`provider/uN/dM`; the device index is checked once the run has drawn devices).
 */
export function deviceCompromiseCrossCheck(s: {
  readonly durationSeconds: number;
  readonly providers: readonly { readonly id: string; readonly users: number }[];
  readonly attackers: readonly ({ readonly kind: string } & Record<string, unknown>)[];
}): string[] {
  const problems: string[] = [];
  s.attackers.forEach((a, i) => {
    if (a.kind !== 'device-compromise') return;
    const at = `attackers[${i}]`;
    const c = a as unknown as z.output<typeof deviceCompromiseSchema>;
    if (c.atSeconds >= s.durationSeconds) problems.push(`${at}.atSeconds: ${c.atSeconds} is not before the end of the workload (${s.durationSeconds} s)`);
    c.devices?.forEach((d, j) => {
      const m = /^([^/]+)\/u(\d+)\/d\d+$/.exec(d);
      const provider = m === null ? undefined : s.providers.find((p) => p.id === m[1]);
      if (provider === undefined || Number(m![2]) >= provider.users) problems.push(`${at}.devices[${j}]: "${d}" is no device of the scenario (expected provider/uN/dM)`);
    });
  });
  return problems;
}
