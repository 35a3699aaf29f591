import type { Architecture, ArchitectureName } from './architecture.ts';
import { bridgeE2ee } from './bridgeE2ee.ts';
import { bridgeReencrypt } from './bridgeReencrypt.ts';
import { clientApi } from './clientApi.ts';
import { federatedMls } from './federatedMls.ts';
import { mimiHub } from './mimiHub.ts';
import { silo } from './silo.ts';

export const ARCHITECTURES: Readonly<Record<ArchitectureName, Architecture>> = {
  silo,
  'client-api': clientApi,
  'bridge-reencrypt': bridgeReencrypt,
  'bridge-e2ee': bridgeE2ee,
  'federated-mls': federatedMls,
  'mimi-hub': mimiHub,
};
