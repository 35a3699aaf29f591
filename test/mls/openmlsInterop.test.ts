// Interoperability with OpenMLS, an independent RFC 9420 implementation, run through Wire's core-crypto
// 10.3.0 (test/mls/coreCryptoClient.ts). Ciphersuite 1, both directions, for external joins (each side
// reads the other's GroupInfo) and Welcome joins (each side reads the other's KeyPackage and Welcome);
// afterwards application messages go both ways and both sides agree on the epoch and exporter secret.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommitBundle } from '@wireapp/core-crypto/browser';
import type { GroupState, MemberKeys } from '../../sim/mls/engine.ts';
import { coreCrypto } from './coreCryptoClient.ts';
import { expectOk, seededBytes, testEngine, text, utf8 } from './helpers.ts';

const SUITE = 1;
const engine = testEngine();

/** A core-crypto client with a basic credential; commit bundles it sends land in `sent`. */
async function openMlsClient(name: string, device: bigint) {
  const cc = await coreCrypto();
  const client = cc.CoreCrypto.new(await cc.Database.inMemory());
  const sent: CommitBundle[] = [];
  const transport = {
    sendCommitBundle: async (bundle: CommitBundle) => void sent.push(bundle),
    prepareForTransport: async () => new Uint8Array(),
  };
  const clientId = new cc.ClientId(new cc.Uuid(name), new cc.DeviceId(device), 'interop.example');
  const credential = await client.transaction(async (ctx) => {
    await ctx.mlsInit(clientId, transport);
    return ctx.addCredential(cc.Credential.basic(cc.CipherSuite.Mls128Dhkemx25519Aes128gcmSha256Ed25519, clientId));
  });
  const lastBundle = () => {
    const b = sent.at(-1);
    assert.ok(b, `${name}: core-crypto sent no commit bundle`);
    return b;
  };
  return { cc, client, credential, clientId, sent, lastBundle };
}
type OpenMlsClient = Awaited<ReturnType<typeof openMlsClient>>;

/** core-crypto errors carry their reason in `inner`; surface it in the assertion message. */
async function openMls<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const inner = (e as { inner?: { msg?: string; mlsError?: { inner?: { msg?: string } } } }).inner;
    throw new Error(`core-crypto ${what}: ${String(e)} ${inner?.msg ?? inner?.mlsError?.inner?.msg ?? JSON.stringify(inner) ?? ''}`);
  }
}

// KeyPackages and GroupInfos travel as MLSMessage (RFC 9420 §6: version mls10, then the wire format) in
// the engine; core-crypto's KeyPackage and GroupInfo constructors take the bare structures.
const MLS10_GROUP_INFO = [0x00, 0x01, 0x00, 0x04];
const MLS10_KEY_PACKAGE = [0x00, 0x01, 0x00, 0x05];
const wrapKeyPackage = (kp: Uint8Array) => new Uint8Array([...MLS10_KEY_PACKAGE, ...kp]);
function unwrap(msg: Uint8Array, header: readonly number[]): Uint8Array {
  assert.deepEqual([...msg.subarray(0, 4)], header);
  return msg.subarray(4);
}

/** Wire deployments insist on `<user-id:device-id@domain>` client ids as basic credential identities. */
async function projectMember(name: string, user: string): Promise<MemberKeys> {
  return engine.createMember({ identity: `${user}:1@project.example`, ciphersuite: SUITE, randomBytes: seededBytes(`openmls-interop/${name}`) });
}

/** Messages both ways, then the same epoch and the same exporter secret on both sides. */
async function chatAndAgree(state: GroupState, peer: OpenMlsClient, convId: Uint8Array, tag: string): Promise<GroupState> {
  const { cc, client } = peer;
  const conv = new cc.ConversationId(convId);

  const out = expectOk(await engine.protect(state, utf8(`${tag}: hello from the project engine`)), 'protect');
  state = out.state;
  const decrypted = await openMls('decrypt', () => client.transaction((ctx) => ctx.decryptMessage(conv, out.message)));
  assert.equal(decrypted.tag, 'Text');
  assert.ok(cc.DecryptedMessage.Text.instanceOf(decrypted));
  assert.equal(text(decrypted.inner.plaintext), `${tag}: hello from the project engine`);
  const own = engine.members(state).find((m) => m.leafIndex === engine.ownLeafIndex(state));
  assert.equal(text(decrypted.inner.senderClientId.copyBytes()), own?.identity);

  const reply = await openMls('encrypt', () => client.transaction((ctx) => ctx.encryptMessage(conv, utf8(`${tag}: hello from OpenMLS`))));
  const opened = expectOk(await engine.unprotect(state, reply), 'unprotect core-crypto message');
  state = opened.state;
  assert.equal(text(opened.plaintext), `${tag}: hello from OpenMLS`);
  assert.equal(opened.senderIdentity, text(peer.clientId.copyBytes()));

  const theirEpoch = await client.transaction((ctx) => ctx.conversationEpoch(conv));
  assert.equal(theirEpoch, engine.epoch(state));
  const theirSecret = (await client.transaction((ctx) => ctx.exportSecretKey(conv, 32))).copyBytes();
  const ourSecret = await engine.exportSecret(state, 'exporter', new Uint8Array(), 32);
  assert.deepEqual(Buffer.from(ourSecret).toString('hex'), Buffer.from(theirSecret).toString('hex'));
  return state;
}

test('external join: an OpenMLS client joins a project group from engine.groupInfo', async () => {
  const alice = await projectMember('alice', '00000000-0000-4000-8000-0000000000a1');
  const groupId = utf8('project-group-for-openmls');
  let { state } = await engine.createGroup(alice, groupId);
  const bob = await openMlsClient('00000000-0000-4000-8000-00000000000b', 1n);

  const gi = await engine.groupInfo(state);
  const conv = await openMls('joinByExternalCommit', () =>
    bob.client.transaction((ctx) => ctx.joinByExternalCommit(new bob.cc.GroupInfo(unwrap(gi, MLS10_GROUP_INFO)), bob.credential)),
  );
  assert.deepEqual(conv.copyBytes(), groupId);
  const processed = await engine.processHandshake(state, bob.lastBundle().commit);
  state = expectOk(processed, 'process OpenMLS external commit').state;
  assert.equal(engine.members(state).length, 2);
  await chatAndAgree(state, bob, groupId, 'ext-in');
});

test('external join: a project member joins an OpenMLS group from its GroupInfo', async () => {
  const carol = await openMlsClient('00000000-0000-4000-8000-00000000000c', 1n);
  const groupId = utf8('openmls-group-for-project');
  const conv = new carol.cc.ConversationId(groupId);
  await carol.client.transaction(async (ctx) => {
    await ctx.createConversation(conv, carol.credential);
    await ctx.updateKeyingMaterial(conv);
  });
  const gi = carol.lastBundle().groupInfo;
  assert.equal(gi.encryptionType, carol.cc.GroupInfoEncryptionType.Plaintext);
  assert.deepEqual([...gi.payload.subarray(0, 4)], MLS10_GROUP_INFO); // the bundle carries an MLSMessage

  const dave = await projectMember('dave', '00000000-0000-4000-8000-0000000000d1');
  const joined = expectOk(await engine.joinExternal(dave, gi.payload), 'join OpenMLS group externally');
  const processed = await openMls('process external commit', () =>
    carol.client.transaction((ctx) => ctx.decryptMessage(conv, joined.commit)),
  );
  assert.equal(processed.tag, 'Commit');
  assert.equal(engine.members(joined.state).length, 2);
  await chatAndAgree(joined.state, carol, groupId, 'ext-out');
});

test('welcome: an OpenMLS KeyPackage is added to a project group and joins from the Welcome', async () => {
  const erin = await projectMember('erin', '00000000-0000-4000-8000-0000000000e1');
  const groupId = utf8('project-group-welcome');
  const { state } = await engine.createGroup(erin, groupId);
  const frank = await openMlsClient('00000000-0000-4000-8000-00000000000f', 1n);
  const kp = await frank.client.transaction((ctx) => ctx.generateKeyPackage(frank.credential));

  const c = expectOk(await engine.commit(state, { adds: [wrapKeyPackage(kp.serialize())] }), 'add OpenMLS KeyPackage');
  assert.ok(c.welcome, 'no Welcome');
  const conv = await openMls('processWelcomeMessage', () =>
    frank.client.transaction((ctx) => ctx.processWelcomeMessage(new frank.cc.Welcome(c.welcome!))),
  );
  assert.deepEqual(conv.copyBytes(), groupId);
  await chatAndAgree(c.state, frank, groupId, 'welcome-in');
});

test('welcome: OpenMLS adds a project KeyPackage (basic+x509 capabilities) and the member joins', async () => {
  const grace = await openMlsClient('00000000-0000-4000-8000-000000000006', 1n);
  const groupId = utf8('openmls-group-welcome');
  const conv = new grace.cc.ConversationId(groupId);
  const heidi = await projectMember('heidi', '00000000-0000-4000-8000-0000000000b1');
  const kp = await engine.generateKeyPackage(heidi);
  await openMls('add project KeyPackage', () =>
    grace.client.transaction(async (ctx) => {
      await ctx.createConversation(conv, grace.credential);
      await ctx.addClientsToConversation(conv, [new grace.cc.KeyPackage(unwrap(kp.keyPackage, MLS10_KEY_PACKAGE))]);
    }),
  );
  const welcome = grace.lastBundle().welcome;
  assert.ok(welcome, 'core-crypto sent no Welcome');
  const joined = expectOk(await engine.joinFromWelcome(heidi, welcome.serialize(), kp.keyPackagePrivate), 'join from OpenMLS Welcome');
  assert.equal(engine.members(joined.state).length, 2);
  await chatAndAgree(joined.state, grace, groupId, 'welcome-out');
});
