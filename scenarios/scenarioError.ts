/** A scenario that cannot be run, with one line per problem (`field.path: what is wrong`). */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
    /** The pass that refused: `schema` (types, cross-field rules; the plan was not checked) or `plan`. */
    readonly stage?: 'schema' | 'plan',
  ) {
    super(`${source}: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}
