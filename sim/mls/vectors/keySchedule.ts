// key-schedule: every epoch secret from the init secret, commit secret, PSK secret and GroupContext
// (RFC 9420 §8), the exporter and external_pub, through the functions the engine's commits use.
import type { GroupContext } from 'ts-mls';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { groupContextEncoder } from 'ts-mls/groupContext.js';
import { initializeEpoch, mlsExporter } from 'ts-mls/keySchedule.js';
import { hex, hexOf, type VectorCase } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';
import { withSuite } from './withSuite.ts';

const epochShape = {
  object: {
    tree_hash: 'hex',
    commit_secret: 'hex',
    psk_secret: 'hex',
    confirmed_transcript_hash: 'hex',
    group_context: 'hex',
    joiner_secret: 'hex',
    welcome_secret: 'hex',
    init_secret: 'hex',
    sender_data_secret: 'hex',
    encryption_secret: 'hex',
    exporter_secret: 'hex',
    epoch_authenticator: 'hex',
    external_secret: 'hex',
    confirmation_key: 'hex',
    membership_key: 'hex',
    resumption_psk: 'hex',
    external_pub: 'hex',
    exporter: { object: { label: 'string', context: 'hex', length: 'uint', secret: 'hex' } },
  },
} as const;

export const keySchedule: VectorKind = {
  name: 'key-schedule',
  shape: { object: { cipher_suite: 'uint', group_id: 'hex', initial_init_secret: 'hex', epochs: { array: epochShape } } },
  check: (c, env) =>
    withSuite(c, env, async (sc) => {
      const e = new Expectations();
      const cs = sc.impl;
      let initSecret = hexOf(c, 'initial_init_secret');
      for (const [i, ep] of (c.epochs as VectorCase[]).entries()) {
        const gc: GroupContext = {
          version: 'mls10',
          cipherSuite: sc.params.name,
          groupId: hexOf(c, 'group_id'),
          epoch: BigInt(i),
          treeHash: hex(ep.tree_hash),
          confirmedTranscriptHash: hex(ep.confirmed_transcript_hash),
          extensions: [],
        };
        const at = (what: string) => `epoch ${i} ${what}`;
        e.bytes(at('group_context'), encode(groupContextEncoder)(gc), hex(ep.group_context));
        const s = await initializeEpoch(initSecret, hex(ep.commit_secret), gc, hex(ep.psk_secret), cs.kdf);
        const ks = s.keySchedule;
        e.bytes(at('joiner_secret'), s.joinerSecret, hex(ep.joiner_secret));
        e.bytes(at('welcome_secret'), s.welcomeSecret, hex(ep.welcome_secret));
        e.bytes(at('encryption_secret'), s.encryptionSecret, hex(ep.encryption_secret));
        e.bytes(at('init_secret'), ks.initSecret, hex(ep.init_secret));
        e.bytes(at('sender_data_secret'), ks.senderDataSecret, hex(ep.sender_data_secret));
        e.bytes(at('exporter_secret'), ks.exporterSecret, hex(ep.exporter_secret));
        e.bytes(at('epoch_authenticator'), ks.epochAuthenticator, hex(ep.epoch_authenticator));
        e.bytes(at('external_secret'), ks.externalSecret, hex(ep.external_secret));
        e.bytes(at('confirmation_key'), ks.confirmationKey, hex(ep.confirmation_key));
        e.bytes(at('membership_key'), ks.membershipKey, hex(ep.membership_key));
        e.bytes(at('resumption_psk'), ks.resumptionPsk, hex(ep.resumption_psk));
        const kp = await cs.hpke.deriveKeyPair(ks.externalSecret);
        e.bytes(at('external_pub'), await cs.hpke.exportPublicKey(kp.publicKey), hex(ep.external_pub));
        // The label is the string as written in the vector (its hex text), as the engine's exportSecret takes it.
        const x = ep.exporter as VectorCase;
        e.bytes(at('exporter'), await mlsExporter(ks.exporterSecret, x.label as string, hex(x.context), x.length as number, cs), hex(x.secret));
        initSecret = ks.initSecret;
      }
      return e.outcome();
    }),
};
