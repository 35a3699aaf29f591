// psk_secret: the PSK secret from a list of external PSKs (RFC 9420 §8.4), as the engine's commits and
// joins compute it.
import type { PreSharedKeyID } from 'ts-mls';
import { computePskSecret } from 'ts-mls/presharedkey.js';
import { hex, hexOf, type VectorCase } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';
import { withSuite } from './withSuite.ts';

export const pskSecret: VectorKind = {
  name: 'psk_secret',
  shape: { object: { cipher_suite: 'uint', psks: { array: { object: { psk_id: 'hex', psk: 'hex', psk_nonce: 'hex' } } }, psk_secret: 'hex' } },
  check: (c, env) =>
    withSuite(c, env, async (sc) => {
      const e = new Expectations();
      const psks = (c.psks as VectorCase[]).map((p): [PreSharedKeyID, Uint8Array] => [{ psktype: 'external', pskId: hex(p.psk_id), pskNonce: hex(p.psk_nonce) }, hex(p.psk)]);
      e.bytes('psk_secret', await computePskSecret(psks, sc.impl), hexOf(c, 'psk_secret'));
      return e.outcome();
    }),
};
