// welcome: decrypt a Welcome's group secrets with the KeyPackage's init key, decrypt its GroupInfo and
// verify the signer's signature and the confirmation tag (RFC 9420 §12.4.3.1), as the engine's join does
// (the KeyPackageRef through tsMls/keyPackageRef.ts).
import { verifyGroupInfoConfirmationTag, verifyGroupInfoSignature } from 'ts-mls/groupInfo.js';
import { computePskSecret } from 'ts-mls/presharedkey.js';
import { decryptGroupInfo, decryptGroupSecrets } from 'ts-mls/welcome.js';
import { refOf } from '../tsMls/keyPackageRef.ts';
import { decodeMessage } from '../tsMls/wire.ts';
import { hexOf } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';
import { withSuite } from './withSuite.ts';

export const welcome: VectorKind = {
  name: 'welcome',
  shape: { object: { cipher_suite: 'uint', init_priv: 'hex', key_package: 'hex', signer_pub: 'hex', welcome: 'hex' } },
  check: (c, env) =>
    withSuite(c, env, async (sc) => {
      const e = new Expectations();
      const cs = sc.impl;
      const kpMsg = decodeMessage(hexOf(c, 'key_package'));
      const wMsg = decodeMessage(hexOf(c, 'welcome'));
      if (kpMsg?.wireformat !== 'mls_key_package') return { kind: 'fail', detail: 'key_package is not a KeyPackage MLSMessage' };
      if (wMsg?.wireformat !== 'mls_welcome') return { kind: 'fail', detail: 'welcome is not a Welcome MLSMessage' };
      const initKey = await cs.hpke.importPrivateKey(hexOf(c, 'init_priv'));
      const secrets = await decryptGroupSecrets(initKey, refOf(kpMsg.keyPackage), wMsg.welcome, cs.hpke);
      if (secrets === undefined) return { kind: 'fail', detail: 'no group secrets for the KeyPackage' };
      const pskSecret = await computePskSecret([], cs);
      const gi = await decryptGroupInfo(wMsg.welcome, secrets.joinerSecret, pskSecret, cs);
      if (gi === undefined) return { kind: 'fail', detail: 'GroupInfo does not decrypt' };
      e.true('GroupInfo signature verifies with signer_pub', await verifyGroupInfoSignature(gi, hexOf(c, 'signer_pub'), cs.signature));
      e.true('GroupInfo confirmation tag verifies', await verifyGroupInfoConfirmationTag(gi, secrets.joinerSecret, pskSecret, cs));
      return e.outcome();
    }),
};
