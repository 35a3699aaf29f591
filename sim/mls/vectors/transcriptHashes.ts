// transcript-hashes: confirmed and interim transcript hashes and the confirmation tag (RFC 9420 §8.2,
// §6.1), as the engine's commit processing computes them.
import { decodeAuthenticatedContent } from 'ts-mls/authenticatedContent.js';
import { verifyConfirmationTag } from 'ts-mls/framedContent.js';
import { createConfirmedHash, createInterimHash } from 'ts-mls/transcriptHash.js';
import { decodeAll } from './decode.ts';
import { hexOf } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';
import { withSuite } from './withSuite.ts';

export const transcriptHashes: VectorKind = {
  name: 'transcript-hashes',
  shape: {
    object: {
      cipher_suite: 'uint',
      confirmation_key: 'hex',
      authenticated_content: 'hex',
      interim_transcript_hash_before: 'hex',
      confirmed_transcript_hash_after: 'hex',
      interim_transcript_hash_after: 'hex',
    },
  },
  check: (c, env) =>
    withSuite(c, env, async (sc) => {
      const e = new Expectations();
      const h = sc.impl.hash;
      const ac = decodeAll(decodeAuthenticatedContent, hexOf(c, 'authenticated_content'));
      if (ac === undefined) return { kind: 'fail', detail: 'authenticated_content does not decode' };
      const tag = ac.auth.contentType === 'commit' ? ac.auth.confirmationTag : undefined;
      if (tag === undefined || ac.content.contentType !== 'commit') return { kind: 'fail', detail: 'authenticated_content is not a commit with a confirmation tag' };
      const confirmed = await createConfirmedHash(hexOf(c, 'interim_transcript_hash_before'), { wireformat: ac.wireformat, content: ac.content, signature: ac.auth.signature }, h);
      e.bytes('confirmed_transcript_hash_after', confirmed, hexOf(c, 'confirmed_transcript_hash_after'));
      e.bytes('interim_transcript_hash_after', await createInterimHash(confirmed, tag, h), hexOf(c, 'interim_transcript_hash_after'));
      e.true('confirmation tag verifies', await verifyConfirmationTag(hexOf(c, 'confirmation_key'), tag, confirmed, h));
      return e.outcome();
    }),
};
