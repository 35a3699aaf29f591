import type { Architecture } from './architecture.ts';

/** A multi-protocol client (as Trillian was): one app, an account per service, no server-to-server traffic. */
export const clientApi: Architecture = {
  name: 'client-api',
  summary: 'multi-protocol client: one app speaking each service\'s protocol through an account there',
  placement: 'creator-provider-with-accounts',
  routing: () => ({ kind: 'direct' }),
  discovery: 'client-side',
  needs: [],
  appsPerAccount: false,
};
