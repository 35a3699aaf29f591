// messages: every RFC 9420 message and struct decodes with the codec the engine uses and re-encodes to
// the same bytes; the GroupInfo's external_pub is read as the engine reads it (tsMls/externalPub.ts).
import { decodeMlsMessage, encodeMlsMessage } from 'ts-mls';
import type { Decoder } from 'ts-mls/codec/tlsDecoder.js';
import type { Encoder } from 'ts-mls/codec/tlsEncoder.js';
import { decodeCommit, encodeCommit } from 'ts-mls/commit.js';
import { decodeGroupSecrets, encodeGroupSecrets } from 'ts-mls/groupSecrets.js';
import {
  decodeAdd, decodeExternalInit, decodeGroupContextExtensions, decodePSK, decodeReinit, decodeRemove, decodeUpdate,
  encodeAdd, encodeExternalInit, encodeGroupContextExtensions, encodePSK, encodeReinit, encodeRemove, encodeUpdate,
} from 'ts-mls/proposal.js';
import { decodeRatchetTree, encodeRatchetTree } from 'ts-mls/ratchetTree.js';
import { externalPubOf } from '../tsMls/externalPub.ts';
import { decodeAll } from './decode.ts';
import { hexOf } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';

interface Codec {
  readonly decode: Decoder<unknown>;
  readonly encode: Encoder<never>;
  /** For MLSMessages: the wire format the field must carry. */
  readonly wireformat?: string;
}

const message = (wireformat: string): Codec => ({ decode: decodeMlsMessage, encode: encodeMlsMessage as Encoder<never>, wireformat });
const codec = <T>(decode: Decoder<T>, encode: Encoder<T>): Codec => ({ decode, encode: encode as Encoder<never> });

const FIELDS: Readonly<Record<string, Codec>> = {
  mls_welcome: message('mls_welcome'),
  mls_group_info: message('mls_group_info'),
  mls_key_package: message('mls_key_package'),
  ratchet_tree: codec(decodeRatchetTree, encodeRatchetTree),
  group_secrets: codec(decodeGroupSecrets, encodeGroupSecrets),
  add_proposal: codec(decodeAdd, encodeAdd),
  update_proposal: codec(decodeUpdate, encodeUpdate),
  remove_proposal: codec(decodeRemove, encodeRemove),
  pre_shared_key_proposal: codec(decodePSK, encodePSK),
  re_init_proposal: codec(decodeReinit, encodeReinit),
  external_init_proposal: codec(decodeExternalInit, encodeExternalInit),
  group_context_extensions_proposal: codec(decodeGroupContextExtensions, encodeGroupContextExtensions),
  commit: codec(decodeCommit, encodeCommit),
  public_message_application: message('mls_public_message'),
  public_message_proposal: message('mls_public_message'),
  public_message_commit: message('mls_public_message'),
  private_message: message('mls_private_message'),
};

export const messages: VectorKind = {
  name: 'messages',
  shape: { object: Object.fromEntries(Object.keys(FIELDS).map((k) => [k, 'hex' as const])) },
  async check(c) {
    const e = new Expectations();
    for (const [field, cd] of Object.entries(FIELDS)) {
      const bytes = hexOf(c, field);
      const value = decodeAll(cd.decode, bytes);
      if (value === undefined) {
        e.fail(`${field}: does not decode`);
        continue;
      }
      if (cd.wireformat !== undefined) e.equal(`${field}: wire format`, (value as { wireformat: string }).wireformat, cd.wireformat);
      e.bytes(`${field}: re-encoded`, cd.encode(value as never), bytes);
    }
    const gi = decodeAll(decodeMlsMessage, hexOf(c, 'mls_group_info'));
    if (gi?.wireformat === 'mls_group_info' && gi.groupInfo.extensions.some((x) => x.extensionType === 'external_pub')) {
      try {
        externalPubOf(gi.groupInfo);
      } catch (err) {
        e.fail(`mls_group_info: external_pub: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return e.outcome();
  },
};
