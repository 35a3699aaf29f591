/** A vector file that cannot be checked: one line naming the file, the case index and the field. */
export class VectorFileError extends Error {
  override readonly name = 'VectorFileError';
}
