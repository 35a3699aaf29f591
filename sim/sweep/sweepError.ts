/** A sweep file that cannot be run, with one line per problem (`field.path: what is wrong`). */
export class SweepError extends Error {
  override readonly name = 'SweepError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}
