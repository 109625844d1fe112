// Pure: what talk should say before connecting with a locked token (mint's JSON `locked`). Under a
// full lock the service ignores talk's whole setup message; under a field mask it ignores the masked
// fields. Either way a flag the user typed would silently do nothing: only talk knows its flags, so it
// says that, once, before the session starts. What the token itself leaves out (resumption,
// transcripts) is mint's to say: it warned when it minted, and `mint | talk` must not say it twice.

import { isLocked, type LockSummary } from '../../token/config/lock-summary.js';
import type { TalkFlags } from './options.js';

/** Each setup flag of talk and the setup fields it writes. */
const FLAG_FIELDS: readonly (readonly [string, (flags: TalkFlags) => boolean, readonly string[]])[] = [
  ['--model', (f) => f.model !== undefined, ['model']],
  ['--modality', (f) => f.modality !== undefined, ['generationConfig.responseModalities']],
  ['--voice', (f) => f.voice !== undefined, ['generationConfig.speechConfig']],
  ['--temperature', (f) => f.temperature !== undefined, ['generationConfig.temperature']],
  ['--system-instruction', (f) => f.systemInstruction !== undefined, ['systemInstruction']],
  ['--push-to-talk', (f) => Boolean(f.pushToTalk), ['realtimeInputConfig']],
  ['--no-transcription', (f) => f.transcription === false, ['inputAudioTranscription', 'outputAudioTranscription']],
  ['--no-compress', (f) => f.compress === false, ['contextWindowCompression']],
  // With --tool-command, --tools also names the functions the command answers: not idle under a lock.
  ['--tools', (f) => f.tools !== undefined && f.toolCommand === undefined, ['tools']],
];

/** The flags given on this command line whose fields the token fixes, in --help order. */
export function ignoredTalkFlags(flags: TalkFlags, locked: LockSummary): string[] {
  if (locked.mode === 'none') return [];
  return FLAG_FIELDS.filter(
    ([, given, fields]) => given(flags) && (locked.mode === 'full' || fields.some((field) => isLocked(locked, field))),
  ).map(([flag]) => flag);
}

/** Warning lines (without the `warning:` prefix): at most one, naming talk's flags the token makes idle. */
export function lockWarnings(flags: TalkFlags, locked: LockSummary | undefined): string[] {
  if (locked === undefined) return [];
  const ignored = ignoredTalkFlags(flags, locked);
  if (ignored.length === 0) return [];
  return [
    locked.mode === 'full'
      ? `the token locks the whole session setup, so the service ignores ${ignored.join(', ')} (mint with --lock-set-only to lock only what you set)`
      : `the token locks ${locked.fields.join(', ')}, so the service ignores ${ignored.join(', ')}`,
  ];
}
