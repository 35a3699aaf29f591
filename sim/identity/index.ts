// Identity: namespaces, number portability, discovery, key directories and trust. Pure values over
// `sim/core` time; no network and no actors (they call in here and turn costs into messages).
export { providerId, providerNodeId, type ProviderId } from './providerId.ts';
export { parseE164, type E164 } from './phoneNumber.ts';
export { parseHandle, parseLocalPart, type Handle, type LocalPart } from './handle.ts';
export { parseIdentifier, formatIdentifier, sameIdentifier, hierarchical, phone, handle, type Identifier, type IdentifierKind } from './identifier.ts';
export { PersistentMap } from './persistentMap.ts';
export { activeAt, type Registration } from './registration.ts';
export type { Candidate } from './candidate.ts';
export { numberChoicePolicy, handlePolicy, type NumberChoicePolicy, type HandlePolicy, type ChoicePolicy, type ChoicePolicyKind } from './choicePolicy.ts';
export type { Resolution, ResolutionSource, UnresolvableReason } from './resolution.ts';
export { applyPolicy } from './applyPolicy.ts';
export { emptyNumberDb, numberRecord, registerNumber, releaseNumber, portNumber, type NumberPortabilityDb, type NumberRecord, type StaleEntry } from './numberPortabilityDb.ts';
export { numberOwners, numberAtProvider, misrouteRisks, type MisrouteRisk } from './numberLookup.ts';
export { emptyHandleRegistry, registerHandle, releaseHandle, handleOwners, matchHandle, type HandleRegistry, type HandleMatch } from './handleRegistry.ts';
export {
  identityWorld,
  namespaceOf,
  withNumbers,
  withHandles,
  type IdentityNamespace,
  type PhoneNamespace,
  type HandleNamespace,
  type IdentityWorld,
  type IdentityWorldOptions,
} from './identityNamespace.ts';
export { AUTHORITATIVE, providerView, candidatesIn, trueOwners, resolveAmong, resolveIn, type DirectoryView } from './directoryView.ts';
export { classifyResolution, classifyAt, type RouteClass } from './classifyResolution.ts';
export * from './discovery/discovery.ts';
export { noDiscovery } from './discovery/noDiscovery.ts';
export { clientSideDiscovery } from './discovery/clientSideDiscovery.ts';
export { gatewayLookupDiscovery } from './discovery/gatewayLookupDiscovery.ts';
export { discoveryServiceDiscovery } from './discovery/discoveryServiceDiscovery.ts';
export { createDiscovery } from './discovery/createDiscovery.ts';
export { signerFromSeed, providerSigner, verifyEd25519, type RandomBytes, type ProviderSigner } from './keys/ed25519.ts';
export { encodeKeyBinding, type KeyBinding } from './keys/keyBinding.ts';
export { attestKey, verifyAttestation, type Attestation, type ProviderTrustStore } from './keys/attestation.ts';
export type { KeyRecord } from './keys/keyRecord.ts';
export { emptyKeyDirectory, publishKey, keyHistory, currentKey, type KeyDirectory, type KeyPublication } from './keys/keyDirectory.ts';
export { directoryKeySource, federatedKeySource, type KeySource } from './keys/keySource.ts';
export { sameBytes, type KeyObservation, type KeyVerdict, type KeyVerifier, type RejectReason, type VerificationMode } from './keys/keyVerifier.ts';
export { noVerification } from './keys/noVerification.ts';
export { tofuVerifier } from './keys/tofuVerifier.ts';
export { attestedVerifier } from './keys/attestedVerifier.ts';
export { createVerifier } from './keys/createVerifier.ts';
export { accountsNeeded, totalAccounts, type ArchitectureStyle, type Contact, type ContactEntry, type ContactGraph, type AccountNeed } from './accountCount.ts';
export * from './kt/index.ts';
