// crypto-basics: RefHash, ExpandWithLabel, DeriveSecret, DeriveTreeSecret, Sign/VerifyWithLabel and
// Encrypt/DecryptWithLabel (RFC 9420 §5) on the engine's suite crypto (native provider by default).
import { refhash } from 'ts-mls/crypto/hash.js';
import { decryptWithLabel, encryptWithLabel } from 'ts-mls/crypto/hpke.js';
import { deriveSecret, deriveTreeSecret, expandWithLabel } from 'ts-mls/crypto/kdf.js';
import { signWithLabel, verifyWithLabel } from 'ts-mls/crypto/signature.js';
import { hex, objectOf, type VectorCase } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';
import { vectorHpke } from './vectorHpke.ts';
import { withSuite } from './withSuite.ts';

const te = new TextEncoder();

export const cryptoBasics: VectorKind = {
  name: 'crypto-basics',
  shape: {
    object: {
      cipher_suite: 'uint',
      ref_hash: { object: { label: 'string', value: 'hex', out: 'hex' } },
      expand_with_label: { object: { secret: 'hex', label: 'string', context: 'hex', length: 'uint', out: 'hex' } },
      derive_secret: { object: { secret: 'hex', label: 'string', out: 'hex' } },
      derive_tree_secret: { object: { secret: 'hex', label: 'string', generation: 'uint', length: 'uint', out: 'hex' } },
      sign_with_label: { object: { priv: 'hex', pub: 'hex', content: 'hex', label: 'string', signature: 'hex' } },
      encrypt_with_label: { object: { priv: 'hex', pub: 'hex', label: 'string', context: 'hex', plaintext: 'hex', kem_output: 'hex', ciphertext: 'hex' } },
    },
  },
  check: (c, env) =>
    withSuite(c, env, async (sc) => {
      const e = new Expectations();
      const cs = sc.impl;
      const f = (name: string): VectorCase => objectOf(c, name);
      const rh = f('ref_hash');
      e.bytes('ref_hash', await refhash(rh.label as string, hex(rh.value), cs.hash), hex(rh.out));
      const ewl = f('expand_with_label');
      e.bytes('expand_with_label', await expandWithLabel(hex(ewl.secret), ewl.label as string, hex(ewl.context), ewl.length as number, cs.kdf), hex(ewl.out));
      const ds = f('derive_secret');
      e.bytes('derive_secret', await deriveSecret(hex(ds.secret), ds.label as string, cs.kdf), hex(ds.out));
      const dts = f('derive_tree_secret');
      e.bytes('derive_tree_secret', await deriveTreeSecret(hex(dts.secret), dts.label as string, dts.generation as number, dts.length as number, cs.kdf), hex(dts.out));

      const swl = f('sign_with_label');
      const [pub, priv, content, label] = [hex(swl.pub), hex(swl.priv), hex(swl.content), swl.label as string];
      e.true('sign_with_label: the vector signature verifies', await verifyWithLabel(pub, label, content, hex(swl.signature), cs.signature));
      e.true('sign_with_label: our signature verifies', await verifyWithLabel(pub, label, content, await signWithLabel(priv, label, content, cs.signature), cs.signature));

      const ewl2 = f('encrypt_with_label');
      const skR = await cs.hpke.importPrivateKey(hex(ewl2.priv));
      const pkR = await cs.hpke.importPublicKey(hex(ewl2.pub));
      const [elabel, ctx, pt] = [ewl2.label as string, hex(ewl2.context), hex(ewl2.plaintext)];
      e.bytes('encrypt_with_label: decrypt the vector', await decryptWithLabel(skR, elabel, ctx, hex(ewl2.kem_output), hex(ewl2.ciphertext), cs.hpke), pt);
      const hpke = vectorHpke(sc, te.encode(`crypto-basics ${String(c.cipher_suite)}`));
      const ours = await encryptWithLabel(pkR, elabel, ctx, pt, hpke);
      e.bytes('encrypt_with_label: decrypt ours', await decryptWithLabel(skR, elabel, ctx, ours.enc, ours.ct, cs.hpke), pt);
      return e.outcome();
    }),
};
