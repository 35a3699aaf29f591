import type { Architecture } from './architecture.ts';

/**
 * The gatekeeper-hosted shape of the DMA reference offers: third-party clients reach the gatekeeper's
 * servers through a published API (a gateway), use its E2EE protocol and its key directory; the
 * gateway relays ciphertext and never holds keys.
 */
export const bridgeE2ee: Architecture = {
  name: 'bridge-e2ee',
  summary: 'gatekeeper hosts cross-provider groups; third parties reach it through a ciphertext-relaying gateway',
  placement: 'gatekeeper',
  routing: ({ bridgeNode }) => ({ kind: 'via-node', node: bridgeNode as never }),
  discovery: 'gateway-lookup',
  needs: ['bridge'],
  appsPerAccount: false,
};
