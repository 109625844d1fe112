// Where the API key comes from: --api-key-file, --api-key-stdin or --api-key (at most one), else
// GEMINI_API_KEY, else GOOGLE_API_KEY. The interactive prompt (TTY only) is the command's fallback.
// File and stdin reads are injected so this stays testable.

import { apiKeyFromEnv, type EnvSnapshot } from '../config.js';
import { UsageError } from '../errors.js';
import { readFileOrFail, readOrFail, type TextIo } from './text-io.js';

export interface ApiKeyFlags {
  readonly apiKey?: string | undefined;
  readonly apiKeyFile?: string | undefined;
  readonly apiKeyStdin?: boolean | undefined;
}

export interface ResolvedKey {
  readonly key: string;
  /** Named in messages and hints, e.g. "GEMINI_API_KEY" or "--api-key-file". */
  readonly source: string;
  readonly notices: readonly string[];
  readonly warnings: readonly string[];
}

export type KeyFlag = '--api-key-file' | '--api-key-stdin' | '--api-key';

/** The key flags `gemtoken mint` has; talk has only --api-key-file (its stdin may carry --token -). */
export const MINT_KEY_FLAGS: readonly KeyFlag[] = ['--api-key-file', '--api-key-stdin', '--api-key'];
export const TALK_KEY_FLAGS: readonly KeyFlag[] = ['--api-key-file'];

/** A hint naming only flags the running command accepts (--api-key is never advertised: argv leaks). */
export function missingKeyHint(keyFlags: readonly KeyFlag[]): string {
  const others = keyFlags.filter((flag) => flag !== '--api-key');
  return others.length > 0 ? `set GEMINI_API_KEY (or use ${others.join(' / ')})` : 'set GEMINI_API_KEY';
}

/** `keyFlags`: the key flags the calling command has, so error hints never name one it would reject. */
export async function resolveApiKey(
  flags: ApiKeyFlags,
  env: EnvSnapshot,
  io: TextIo,
  keyFlags: readonly KeyFlag[],
): Promise<ResolvedKey | undefined> {
  const hint = missingKeyHint(keyFlags);
  const given = [
    flags.apiKeyFile !== undefined && '--api-key-file',
    flags.apiKeyStdin && '--api-key-stdin',
    flags.apiKey !== undefined && '--api-key',
  ].filter((f): f is string => typeof f === 'string');
  if (given.length > 1) throw new UsageError(`use only one of ${given.join(', ')}`);
  if (flags.apiKeyFile !== undefined) {
    const text = await readFileOrFail(io, '--api-key-file', flags.apiKeyFile);
    const key = checkKey(text, '--api-key-file', hint);
    const warning = keyFileModeWarning(flags.apiKeyFile, await io.fileMode?.(flags.apiKeyFile));
    return {
      key,
      source: '--api-key-file',
      notices: alsoInEnv('--api-key-file', env),
      warnings: warning === undefined ? [] : [warning],
    };
  }
  if (flags.apiKeyStdin) {
    const text = await readOrFail(() => io.readStdin(), 'cannot read the API key from stdin');
    return {
      key: checkKey(text, '--api-key-stdin', hint),
      source: 'stdin',
      notices: alsoInEnv('--api-key-stdin', env),
      warnings: [],
    };
  }
  if (flags.apiKey !== undefined) {
    return {
      key: checkKey(flags.apiKey, '--api-key', hint),
      source: '--api-key',
      notices: alsoInEnv('--api-key', env),
      warnings: [
        '--api-key puts the key on the command line, where other users of this machine can see it; prefer GEMINI_API_KEY or --api-key-file',
      ],
    };
  }
  const fromEnv = apiKeyFromEnv(env);
  if (!fromEnv) return undefined;
  return {
    key: checkKey(fromEnv.key, fromEnv.source, hint),
    source: fromEnv.source,
    notices: fromEnv.notice ? [`gemtoken: ${fromEnv.notice}`] : [],
    warnings: [],
  };
}

/** A flag beats a key in the environment; with both present, say which is used. */
function alsoInEnv(flag: KeyFlag, env: EnvSnapshot): string[] {
  const name = (['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const).find((variable) => env[variable]?.trim());
  return name ? [`gemtoken: using the API key from ${flag}, not ${name}`] : [];
}

/**
 * ssh's rule for private keys, as a warning (a shared CI runner's checkout is often 644 and still
 * private): a key file that its group or others may read or write gets one line saying how to fix it.
 */
export function keyFileModeWarning(file: string, mode: number | undefined): string | undefined {
  if (mode === undefined || (mode & 0o077) === 0) return undefined;
  const octal = (mode & 0o777).toString(8).padStart(3, '0');
  return `--api-key-file '${file}' is accessible by other users (mode ${octal}); run: chmod 600 '${file}'`;
}

/** Trims surrounding whitespace (a key file usually ends in a newline); refuses empty or odd keys. */
export function checkKey(text: string, source: string, hint = missingKeyHint([])): string {
  const key = text.trim();
  if (key === '') throw new UsageError(`the API key from ${source} is empty`, hint);
  // A header value with a newline or control character would make fetch throw; say so plainly.
  if (!/^[\x21-\x7e]+$/.test(key))
    throw new UsageError(`the API key from ${source} contains spaces or control characters`);
  return key;
}
