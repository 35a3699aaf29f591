import type { SimTime } from '../../core/index.ts';
import type { Identifier } from '../identifier.ts';
import type { ProviderId } from '../providerId.ts';
import { currentKey, type KeyDirectory } from './keyDirectory.ts';
import type { KeyRecord } from './keyRecord.ts';

/**
 * Where a client gets a contact's key. The seam for alternatives: a key-transparency log, or a
 * key-substituting attacker (a malicious provider or bridge) wrapping an honest source.
 */
export interface KeySource {
  readonly name: string;
  lookupKey(identity: Identifier, at: SimTime): KeyRecord | undefined;
}

export const directoryKeySource = (dir: KeyDirectory): KeySource => ({
  name: `directory/${dir.provider}`,
  lookupKey: (identity, at) => currentKey(dir, identity, at),
});

/** Routes each lookup to the directory of the identity's home provider (as resolved by the caller). */
export function federatedKeySource(directories: ReadonlyMap<ProviderId, KeyDirectory>, homeOf: (identity: Identifier) => ProviderId | undefined): KeySource {
  return {
    name: 'federated-directories',
    lookupKey(identity, at) {
      const home = homeOf(identity);
      const dir = home === undefined ? undefined : directories.get(home);
      return dir === undefined ? undefined : currentKey(dir, identity, at);
    },
  };
}
