/** A broken invariant inside the engine. Never turned into a rejection: it keeps its stack. */
export class EngineBug extends Error {
  override name = 'EngineBug';
}
