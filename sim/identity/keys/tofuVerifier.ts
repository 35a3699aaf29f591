import { formatIdentifier, sameIdentifier } from '../identifier.ts';
import { PersistentMap } from '../persistentMap.ts';
import { sameBytes, type KeyObservation, type KeyVerdict, type KeyVerifier } from './keyVerifier.ts';

/** Trust on first use: pins the first key each viewer sees per contact and warns when it changes. */
export function tofuVerifier(onChange: 'repin' | 'keep-pin'): KeyVerifier {
  return withPins(onChange, PersistentMap.empty());
}

function withPins(onChange: 'repin' | 'keep-pin', pins: PersistentMap<string, Uint8Array>): KeyVerifier {
  const self: KeyVerifier = {
    mode: 'tofu',
    verify(o: KeyObservation) {
      const same = (verdict: KeyVerdict) => ({ verdict, verifier: self });
      if (!sameIdentifier(o.record.identity, o.contact)) return same({ kind: 'rejected', reason: 'identity-mismatch' });
      const key = `${o.viewer}\0${formatIdentifier(o.contact)}`;
      const presented = o.record.signatureKey;
      const pinned = pins.get(key);
      if (pinned === undefined) return { verdict: { kind: 'accepted', basis: 'first-use' }, verifier: withPins(onChange, pins.set(key, presented.slice())) };
      if (sameBytes(pinned, presented)) return same({ kind: 'accepted', basis: 'pinned' });
      const repinned = onChange === 'repin';
      return {
        verdict: { kind: 'key-changed', previous: pinned, presented, repinned },
        verifier: repinned ? withPins(onChange, pins.set(key, presented.slice())) : self,
      };
    },
  };
  return self;
}
