import type { Architecture } from './architecture.ts';

/** The IETF MIMI shape: each room's hub orders handshakes and fans out; followers talk only to the hub. */
export const mimiHub: Architecture = {
  name: 'mimi-hub',
  summary: 'MLS end to end; the room\'s hub provider orders handshakes and fans out to follower providers',
  placement: 'creator-provider',
  routing: () => ({ kind: 'via-group-home' }),
  discovery: 'discovery-service',
  needs: ['discovery'],
  appsPerAccount: false,
};
