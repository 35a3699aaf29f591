// A one-member ts-mls group at epoch 0 with RFC-encoded group-context extensions. ts-mls's createGroup
// checks external_senders with its own (non-RFC) reader, so the group is made without that extension
// and it is put back into the context after the engine's own check (groupExtensions.ts). At epoch 0 the
// extensions enter nothing but the context itself (the key schedule starts from a random secret).
import type { CiphersuiteImpl, ClientConfig, ClientState, Extension, KeyPackage, PrivateKeyPackage } from 'ts-mls';
import { createGroup as tsCreateGroup } from 'ts-mls';
import { ValidationError } from 'ts-mls/mlsError.js';
import { checkGroupContextExtensions, decodeExternalSenders, EXTERNAL_SENDERS, typeNumber } from './groupExtensions.ts';

export async function newGroupClient(
  groupId: Uint8Array,
  kp: { publicPackage: KeyPackage; privatePackage: PrivateKeyPackage },
  extensions: readonly Extension[],
  cs: CiphersuiteImpl,
  clientConfig: ClientConfig,
): Promise<ClientState> {
  const problem = checkGroupContextExtensions(extensions);
  if (problem !== undefined) throw new RangeError(`extensions: ${problem}`);
  const senders = extensions.find((e) => typeNumber(e) === EXTERNAL_SENDERS);
  if (senders === undefined) return tsCreateGroup(groupId.slice(), kp.publicPackage, kp.privatePackage, [...extensions], cs, clientConfig);
  for (const s of decodeExternalSenders(senders.extensionData)) {
    if (!(await clientConfig.authService.validateCredential(s.credential, s.signaturePublicKey))) throw new ValidationError('Could not validate external credential');
  }
  const client = await tsCreateGroup(
    groupId.slice(),
    kp.publicPackage,
    kp.privatePackage,
    extensions.filter((e) => e !== senders),
    cs,
    clientConfig,
  );
  return { ...client, groupContext: { ...client.groupContext, extensions: [...extensions] } };
}
