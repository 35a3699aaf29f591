/**
 * Bytes that are not what they claim to be: malformed or non-deterministic CBOR, a content or
 * capabilities structure with a missing, unknown or ill-typed field. Always one line; `offset` is the
 * byte where CBOR decoding stopped, when known. A device turns it into an `unreadable` outcome.
 */
export class DecodeError extends RangeError {
  override readonly name = 'DecodeError';
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}
