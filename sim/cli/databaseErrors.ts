import { InvalidArgumentError } from 'commander';
import { UserError } from './userError.ts';

/**
 * `--database URL`: a postgres:// (or postgresql://) URL, checked before anything starts,
 * so a typo is one line naming the flag rather than a DNS error about part of it.
 */
export function databaseUrlOption(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidArgumentError(`--database expects a URL such as postgres://user:password@host:5432/db, got "${value}"`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new InvalidArgumentError(`--database expects a postgres:// or postgresql:// URL, got scheme "${url.protocol.replace(/:$/, '')}"`);
  return value.trim();
}

const UNREACHABLE = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|28P01|28000|3D000|57P01|57P02|57P03)$/;

/**
 * A database that cannot be reached, refuses us or goes away is the user's input, not a bug: one
 * line naming `flag`. Errors the sweep engine raises by name (`names`) keep their own message.
 * Anything else is rethrown unchanged.
 */
export function databaseError(e: unknown, flag: string, names: RegExp, prefix = ''): never {
  if (e instanceof Error && names.test(e.name)) throw new UserError(`${prefix}${e.message}`);
  const code = (e as { code?: string }).code;
  // Includes the server going away (57P01-57P03, ECONNRESET): a worker outliving its sweep's embedded server.
  if (typeof code === 'string' && UNREACHABLE.test(code)) throw new UserError(`${flag}: cannot use the database: ${(e as Error).message}`);
  if (e instanceof TypeError && /Invalid URL/.test(e.message)) throw new UserError(`${flag}: not a postgres:// URL`);
  if (e instanceof Error && /^Connection terminated/.test(e.message)) throw new UserError(`${flag}: the database closed the connection: ${e.message}`);
  throw e;
}
