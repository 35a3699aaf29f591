// secret-tree: sender-data key and nonce, and each leaf's handshake and application keys and nonces per
// generation (RFC 9420 §6.3.2, §9), through the engine's lazily derived secret tree (tsMls/secretTree.ts).
import { expandSenderDataKey, expandSenderDataNonce, type SenderData } from 'ts-mls/sender.js';
import { ratchetToGeneration } from 'ts-mls/secretTree.js';
import { createSecretTree } from '../tsMls/secretTree.ts';
import { hex, hexOf, objectOf, type VectorCase } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';
import { withSuite } from './withSuite.ts';

const generationShape = { object: { generation: 'uint', application_key: 'hex', application_nonce: 'hex', handshake_key: 'hex', handshake_nonce: 'hex' } } as const;
// Jump straight to a generation and keep nothing on the way: each lookup starts from a fresh tree.
const config = { retainKeysForEpochs: 0, retainKeysForGenerations: 0, maximumForwardRatchetSteps: 2 ** 31 };

export const secretTree: VectorKind = {
  name: 'secret-tree',
  shape: {
    object: {
      cipher_suite: 'uint',
      encryption_secret: 'hex',
      sender_data: { object: { sender_data_secret: 'hex', ciphertext: 'hex', key: 'hex', nonce: 'hex' } },
      leaves: { array: { array: generationShape } },
    },
  },
  check: (c, env) =>
    withSuite(c, env, async (sc) => {
      const e = new Expectations();
      const cs = sc.impl;
      const sd = objectOf(c, 'sender_data');
      e.bytes('sender_data.key', await expandSenderDataKey(cs, hex(sd.sender_data_secret), hex(sd.ciphertext)), hex(sd.key));
      e.bytes('sender_data.nonce', await expandSenderDataNonce(cs, hex(sd.sender_data_secret), hex(sd.ciphertext)), hex(sd.nonce));
      const leaves = c.leaves as VectorCase[][];
      const encryptionSecret = hexOf(c, 'encryption_secret');
      for (const [leaf, gens] of leaves.entries()) {
        for (const g of gens) {
          for (const type of ['application', 'handshake'] as const) {
            const tree = await createSecretTree(leaves.length, encryptionSecret, cs);
            const senderData = { leafIndex: leaf, generation: g.generation as number, reuseGuard: new Uint8Array(4) as unknown as SenderData['reuseGuard'] };
            const r = await ratchetToGeneration(tree, senderData, type === 'application' ? 'application' : 'commit', config, cs);
            e.bytes(`leaf ${leaf} generation ${String(g.generation)} ${type}_key`, r.key, hex(g[`${type}_key`]));
            e.bytes(`leaf ${leaf} generation ${String(g.generation)} ${type}_nonce`, r.nonce, hex(g[`${type}_nonce`]));
          }
        }
      }
      return e.outcome();
    }),
};
