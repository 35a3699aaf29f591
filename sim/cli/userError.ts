/**
 * Bad input from a person (a flag, a file, a request): printed as one `error:` line, exit code 2,
 * no stack. Anything else that escapes is a bug and keeps its stack.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}
