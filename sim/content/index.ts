// Content, capabilities and application semantics: what a message is made of, how it travels inside an
// MLS application message, what each client can render, and what a mixed group ends up seeing. Pure
// values; imports nothing of the simulator (actors call in here).
export { messageId, MAX_MESSAGE_ID_LENGTH, type MessageId } from './messageId.ts';
export { mediaType, MARKDOWN, HTML, type MediaType } from './mediaType.ts';
export {
  parsePart,
  text,
  richText,
  image,
  reaction,
  reply,
  edit,
  deletion,
  expiry,
  custom,
  samePart,
  PART_KINDS,
  SEMANTIC_KINDS,
  HTML_SUBSET_TAGS,
  MAX_TEXT_LENGTH,
  MAX_MEDIA_BYTES,
  MAX_IMAGE_SIDE,
  MAX_EXPIRY_SECONDS,
  MAX_EMOJI_LENGTH,
  type Part,
  type PartKind,
  type SemanticKind,
  type TextPart,
  type RichTextPart,
  type RichTextFormat,
  type ImagePart,
  type ReactionPart,
  type ReplyPart,
  type EditPart,
  type DeletePart,
  type ExpiryPart,
  type ExpiryStart,
  type CustomPart,
} from './part.ts';
export { parseMessage, message, compose, basicText, enhancedParts, intendedParts, MAX_PARTS, type Message } from './message.ts';
export { describePart, fallbackText } from './describePart.ts';
export { DecodeError } from './decodeError.ts';
export { CBOR_MAX_UINT, CBOR_MIN_NINT, type CborValue, type CborKey, type CborMap } from './cborValue.ts';
export { encodeCbor, CBOR_MAX_DEPTH } from './cborEncode.ts';
export { decodeCbor } from './cborDecode.ts';
export { fillerBytes } from './filler.ts';
export { encodeMessage, decodeMessage, CONTENT_FORMAT_VERSION, PART_WIRE } from './contentCodec.ts';
export { clientCapabilities, parseContentCapabilities, supports, type ClientCapabilities, type ContentCapabilities } from './capabilities.ts';
export {
  encodeContentCapabilities,
  decodeContentCapabilities,
  contentCapabilitiesExtension,
  CONTENT_CAPABILITIES_EXTENSION_TYPE,
  CONTENT_CAPABILITIES_VERSION,
  type LeafExtension,
} from './capabilitiesExtension.ts';
export { render, renderBytes, type RenderOutcome, type UnreadableReason } from './render.ts';
export { chooseRepresentation, type RepresentationChoice, type DroppedPart } from './representation.ts';
export { recipientFidelity, groupFidelity, fidelityReport, type FidelityReport, type StrategyResult } from './fidelity.ts';
export { selectCiphersuite, type SuiteInfo, type SuiteChoice, type SuitePreference, type SuiteSelectionOptions } from './ciphersuite.ts';
export {
  rolloutCurve,
  forced,
  logistic,
  linear,
  adoptedShare,
  hasUpgraded,
  capabilitiesAt,
  type RolloutCurve,
  type UpgradeStage,
} from './rollout.ts';
