// A file the user named that cannot be read (--config @file, --system-instruction @file, --tools,
// --api-key-file, --input) is said the same way for each, with the fix: `--config: no such file:
// cfg.json` and a hint, rather than an errno code to look up.

import { UsageError } from './errors.js';

/** Where a missing file's path starts, for every input without a more precise hint. */
export const MISSING_FILE_HINT = 'check the path; a relative one starts in the current directory';

/** `cannot read --config file 'x'` (but `--api-key-file 'x'`, not "--api-key-file file"). */
export function cannotRead(flag: string, path: string): string {
  return `cannot read ${flag}${flag.endsWith('-file') ? '' : ' file'} '${path}'`;
}

/** `flag` names the input (e.g. "--config"); `missingHint` replaces the hint for a missing file. */
export function fileReadError(flag: string, path: string, error: unknown, missingHint?: string): UsageError {
  const code = (error as { code?: unknown } | null)?.code;
  const cause = { cause: error };
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new UsageError(`${flag}: no such file: ${path}`, missingHint ?? MISSING_FILE_HINT, cause);
  if (code === 'EACCES' || code === 'EPERM')
    return new UsageError(`${flag}: permission denied: ${path}`, `check who may read it: ls -l ${path}`, cause);
  if (code === 'EISDIR') return new UsageError(`${flag}: ${path} is a directory`, 'name a file', cause);
  return new UsageError(`${cannotRead(flag, path)}${typeof code === 'string' ? ` (${code})` : ''}`, undefined, cause);
}
