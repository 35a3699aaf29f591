// Group-context extensions in the engine's terms (RFC 9420 §13), and the external_senders extension
// (§12.1.8.1) as the RFC defines it: `ExternalSender external_senders<V>`, one extension holding the
// whole list. ts-mls 1.6.4 instead reads one ExternalSender per extension (no vector), so it can neither
// read an RFC-encoded list nor address its n-th entry; the engine encodes, decodes and validates the
// extension here and keeps ts-mls's own reader away from it (applyProposals.ts, externalSenders.ts).
import type { Credential, Extension } from 'ts-mls';
import { credentialEncoder, decodeCredential } from 'ts-mls/credential.js';
import { decodeVarLenData, decodeVarLenType, varLenDataEncoder, varLenTypeEncoder } from 'ts-mls/codec/variableLength.js';
import { contramapBufferEncoders, encode } from 'ts-mls/codec/tlsEncoder.js';
import { mapDecoders } from 'ts-mls/codec/tlsDecoder.js';
import { defaultExtensionTypes } from 'ts-mls';
import { CodecError } from 'ts-mls/mlsError.js';
import type { ExternalSenderInfo, MlsExtension } from '../engine.ts';
import { identityOf } from './members.ts';

export const EXTERNAL_SENDERS = 5;
export const REQUIRED_CAPABILITIES = 3;
const RATCHET_TREE = 2;

const NAMES = Object.entries(defaultExtensionTypes) as [keyof typeof defaultExtensionTypes, number][];

/** ts-mls names the default extension types (1-5) and numbers the rest; decoded messages do the same. */
export function toTsExtension(e: MlsExtension): Extension {
  if (!Number.isInteger(e.type) || e.type < 0 || e.type > 0xffff) throw new RangeError(`extensions: type ${e.type} is not a uint16`);
  if (!(e.data instanceof Uint8Array)) throw new TypeError('extensions: data must be a Uint8Array');
  const name = NAMES.find(([, n]) => n === e.type)?.[0];
  return { extensionType: name ?? e.type, extensionData: e.data.slice() };
}

export function fromTsExtension(e: Extension): MlsExtension {
  const type = typeof e.extensionType === 'number' ? e.extensionType : defaultExtensionTypes[e.extensionType];
  return Object.freeze({ type, data: e.extensionData.slice() });
}

export const typeNumber = (e: Extension): number => (typeof e.extensionType === 'number' ? e.extensionType : defaultExtensionTypes[e.extensionType]);

/** RFC 9420 §13.4 (via §12.1.7): a group-context extension list may not carry the ratchet tree or repeat a type. */
export function checkGroupContextExtensions(extensions: readonly Extension[]): string | undefined {
  const seen = new Set<number>();
  for (const e of extensions) {
    const t = typeNumber(e);
    if (t === RATCHET_TREE || t === 4) return `extension type ${t} cannot be a group-context extension`;
    if (seen.has(t)) return `extension type ${t} appears twice`;
    seen.add(t);
  }
  return undefined;
}

interface RfcExternalSender {
  readonly signaturePublicKey: Uint8Array;
  readonly credential: Credential;
}

const senderEncoder = contramapBufferEncoders([varLenDataEncoder, credentialEncoder], (e: RfcExternalSender) => [e.signaturePublicKey, e.credential] as const);
const sendersEncoder = varLenTypeEncoder(senderEncoder);
const decodeSender = mapDecoders([decodeVarLenData, decodeCredential], (signaturePublicKey, credential): RfcExternalSender => ({ signaturePublicKey, credential }));
const decodeSenders = decodeVarLenType(decodeSender);

export function encodeExternalSenders(senders: readonly ExternalSenderInfo[]): Uint8Array {
  const list = senders.map((s): RfcExternalSender => {
    if (typeof s.identity !== 'string' || s.identity.length === 0) throw new TypeError('externalSenders: identity must be a non-empty string');
    if (!(s.signaturePublicKey instanceof Uint8Array)) throw new TypeError('externalSenders: signaturePublicKey must be bytes');
    return { signaturePublicKey: s.signaturePublicKey.slice(), credential: { credentialType: 'basic', identity: new TextEncoder().encode(s.identity) } };
  });
  return encode(sendersEncoder)(list);
}

/** The list an external_senders extension holds; a CodecError unless the data is exactly one RFC vector. */
export function decodeExternalSenders(data: Uint8Array): RfcExternalSender[] {
  let out: [RfcExternalSender[], number] | undefined;
  try {
    out = decodeSenders(data, 0);
  } catch {
    out = undefined;
  }
  if (out === undefined || out[1] !== data.length) throw new CodecError('external_senders: does not decode as ExternalSender external_senders<V>');
  return out[0];
}

export function externalSendersOf(extensions: readonly Extension[]): RfcExternalSender[] {
  const ext = extensions.find((e) => typeNumber(e) === EXTERNAL_SENDERS);
  return ext === undefined ? [] : decodeExternalSenders(ext.extensionData);
}

export function senderInfo(s: RfcExternalSender): ExternalSenderInfo {
  return Object.freeze({ identity: identityOf(s.credential), signaturePublicKey: s.signaturePublicKey.slice() });
}
