import type { Architecture } from './architecture.ts';

/** Standard MLS end to end over email-like federation: servers find each other through a discovery service. */
export const federatedMls: Architecture = {
  name: 'federated-mls',
  summary: 'MLS end to end; the sender\'s provider finds the recipient\'s by discovery (like MX) and relays directly',
  placement: 'creator-provider',
  routing: () => ({ kind: 'direct' }),
  discovery: 'discovery-service',
  needs: ['discovery'],
  appsPerAccount: false,
};
