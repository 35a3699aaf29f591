/**
 * A problem the user can fix in a script file or in the options: an unreadable file, bad JSON, a field
 * that breaks the schema, a reference to a later action, an unknown script name. The message is one
 * line that names the file and the field path; there is no useful stack to show.
 */
export class MlsScriptError extends Error {
  override readonly name = 'MlsScriptError';
}
