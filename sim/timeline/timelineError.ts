/** A timeline file that cannot run: every problem, each naming its field. */
export class TimelineError extends Error {
  override readonly name = 'TimelineError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
  }
}
