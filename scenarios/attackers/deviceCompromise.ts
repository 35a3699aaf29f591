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
