import type { Architecture } from './architecture.ts';

/** Today's baseline: no cross-provider messaging; reaching a contact elsewhere takes an account (and an app) there. */
export const silo: Architecture = {
  name: 'silo',
  summary: 'no interoperability: an account and an app per provider a user needs to reach',
  placement: 'creator-provider-with-accounts',
  routing: () => ({ kind: 'direct' }),
  discovery: 'none',
  needs: [],
  appsPerAccount: true,
};
