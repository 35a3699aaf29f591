import type { Architecture } from './architecture.ts';

/** A server-side gateway that is a member on both sides, decrypting and re-encrypting at the boundary. */
export const bridgeReencrypt: Architecture = {
  name: 'bridge-reencrypt',
  summary: 'gateway member of a group per provider; decrypts and re-encrypts at the boundary (sees plaintext)',
  placement: 'per-provider-bridged',
  routing: () => ({ kind: 'direct' }),
  discovery: 'gateway-lookup',
  needs: ['bridge'],
  appsPerAccount: false,
};
