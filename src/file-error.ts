// A file the user named that cannot be read or written is said the same way for every flag, with the
// fix: `--config: no such file: cfg.json` and a hint, or `cannot write --output /dev/full: no space
// left on device (ENOSPC)`, rather than Node's own text (`EISDIR: illegal operation on a directory,
// open '…'`) or an errno code to look up. Reads: --config @file, --system-instruction @file, --tools,
// --api-key-file, --input, --image, --video. Writes: --output, --transcript, $GITHUB_OUTPUT,
// --write-profile, demo --dir, and stdout itself.

import { UsageError } from './errors.js';

/** Where a missing file's path starts, for every input without a more precise hint. */
export const MISSING_FILE_HINT = 'check the path; a relative one starts in the current directory';

/** `cannot read --config file 'x'` (but `--api-key-file 'x'`, not "--api-key-file file"). */
export function cannotRead(flag: string, path: string): string {
  return `cannot read ${flag}${flag.endsWith('-file') ? '' : ' file'} '${path}'`;
}

const errnoCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** `flag` names the input (e.g. "--config"); `missingHint` replaces the hint for a missing file. */
export function fileReadError(flag: string, path: string, error: unknown, missingHint?: string): UsageError {
  const code = errnoCode(error);
  const cause = { cause: error };
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new UsageError(`${flag}: no such file: ${path}`, missingHint ?? MISSING_FILE_HINT, cause);
  if (code === 'EACCES' || code === 'EPERM')
    return new UsageError(`${flag}: permission denied: ${path}`, `check who may read it: ls -l ${path}`, cause);
  if (code === 'EISDIR') return new UsageError(`${flag}: ${path} is a directory`, 'name a file', cause);
  return new UsageError(`${cannotRead(flag, path)}${code ? ` (${code})` : ''}`, undefined, cause);
}

// Why a write failed, in words, for the codes a named output meets; the code follows in brackets.
const WRITE_REASONS: Readonly<Record<string, readonly [reason: string, hint: string]>> = {
  ENOSPC: ['no space left on device', 'free some space or choose another file'],
  EDQUOT: ['disk quota exceeded', 'free some space or choose another file'],
  EFBIG: ['the file is too large for its file system', 'choose another file'],
  EISDIR: ['it is a directory', 'name a file inside it'],
  ENOENT: ['its folder does not exist', 'create the folder first, or choose another path'],
  ENOTDIR: ['a part of its path is not a folder', 'check the path'],
  EEXIST: ['a file is in the way of the folder', 'name a folder, or a path that does not exist yet'],
  EACCES: ['permission denied', 'check who may write there: ls -ld on the file or its folder'],
  EPERM: ['permission denied', 'check who may write there: ls -ld on the file or its folder'],
  EROFS: ['read-only file system', 'choose a file on a writable file system'],
  EPIPE: ['its reader went away', 'keep the reader open until gemtoken ends'],
};

/** `no space left on device (ENOSPC)`: a failed write's reason, for a file or for stdout. */
export function writeFailureReason(error: unknown): string {
  return describeWrite(error).reason;
}

function describeWrite(error: unknown): { readonly reason: string; readonly hint?: string } {
  const code = errnoCode(error);
  const known = code === undefined ? undefined : WRITE_REASONS[code];
  if (known) return { reason: `${known[0]} (${code})`, hint: known[1] };
  return { reason: code ?? (error instanceof Error ? error.message : String(error)) };
}

/**
 * `cannot write --output x.wav: no space left on device (ENOSPC)`. `flag` names the output (e.g.
 * "--transcript", "$GITHUB_OUTPUT"); `hint` replaces the code's own (e.g. what was lost).
 */
export function fileWriteError(flag: string, path: string, error: unknown, hint?: string): UsageError {
  const { reason, hint: ownHint } = describeWrite(error);
  return new UsageError(`cannot write ${flag} ${path}: ${reason}`, hint ?? ownHint, { cause: error });
}
