// `gemtoken talk`: flag declarations only; the work is lazy-imported from ./run.js (and the SDK
// from inside it), so `gemtoken --help` never loads @google/genai or the audio modules.

import { Command, Option } from 'commander';
import { collectPassEnv, PASS_ENV_FLAG, PASS_ENV_HELP } from '../../children/pass-env-flag.js';
import { helpAfter } from '../../terminal/help-text.js';
import type { Invoke } from '../host.js';

const HELP_AFTER = `
Token: --token auth_tokens/…, --token - (stdin: a bare name or a line of \`gemtoken mint\` JSON),
GEMTOKEN_TOKEN or GEMINI_EPHEMERAL_TOKEN. With none of these but an API key (GEMINI_API_KEY,
GOOGLE_API_KEY or --api-key-file) talk first mints a single-use token, so the key never travels in a
WebSocket URL. A token works on the API version it was minted on (mint's JSON carries it).

Long sessions: the service was seen to charge every resume a token use, so once the token's uses are
spent (mint's JSON says how many; talk's own token has one) talk gets a fresh one before it resumes
— minted with the API key when it has one, or from --token-command "<cmd>" (run through the shell
without your secrets in its environment; it prints auth_tokens/… or a line of mint JSON). A token
refused anyway is replaced the same way. With only a fixed token, a refused resume ends talk (exit
3). Dropped connections (1011, 1006) are resumed automatically, up to 3 attempts.

Echo: half-duplex (default) sends no microphone audio while the model's voice plays, plus a short
tail, so laptop speakers cannot make the model interrupt itself; you cannot talk over the model.
With headphones use --echo headphones to get barge-in.

Keys (at a terminal): m mute (sends audioStreamEnd) · space talk (with --push-to-talk) ·
v stop/resume sending video frames · t type a message (Enter sends, Esc cancels) · q quit ·
Ctrl-C interrupt (exit 130).

Pictures and video (docs/vision.md): --image photo.jpg (JPEG or PNG, up to 4 MiB, repeatable) is
sent once before the text and the audio; --video clip.mp4, --camera [device] and --screen run
ffmpeg and send JPEG frames at --fps (default 1), at most 1024 px on the long side, alongside the
audio. A slow connection drops old frames rather than queueing them. --camera lavfi:testsrc sends
ffmpeg's test picture (for CI). No ffmpeg: exit 6 with the install command.

Scripts and CI: --input file.wav (any rate/channels; raw PCM with --input-format s16le:16000:1;
- for stdin) replaces the microphone and ends with audioStreamEnd; --text sends one message;
--once ends after the first complete reply; --events prints NDJSON events on stdout
(setup, transcript, interrupted, turn, toolCall, toolResult, toolCancelled, goAway, reconnecting,
token, resumed, warning, closed); --output reply.wav
records the model's audio; --no-speaker plays nothing.

Function calling: --tools tools.json offers functions; --tool-command "<cmd>" answers each call
of a function declared there (run through the shell, at most 8 at once; GEMTOKEN_TOOL_NAME names
the function; a call of any other name gets {"error":"unknown function"}). A failure, a timeout
(--tool-timeout) or output that is not JSON becomes {"error": …} for the model; whatever the
command started ends with the call. {"scheduling":"WHEN_IDLE"} (or INTERRUPT, SILENT) in the
output is sent as the answer's scheduling. Without --tool-command you are asked at a terminal; a
script's calls get {"error":"no tool handler"}.

Children (--tool-command, --token-command, arecord/sox, the playback check) get only PATH, HOME,
the locale, terminal and audio variables; --pass-env NAME (repeatable) passes another one.

Examples:
  # Mic and speaker; talk mints a single-use token from GEMINI_API_KEY
  gemtoken talk
  # A token minted elsewhere, on stdin
  gemtoken mint | gemtoken talk --token -
  # One text reply on stdout, no sound card needed
  gemtoken talk --text "Say hello" --once --no-speaker
  # One spoken turn from a file, as NDJSON events
  gemtoken talk --input question.wav --once --events --no-speaker

Exit codes: 0 ok, 2 bad input, 3 token rejected/expired/used up, 4 rejected by the API
(1007/1008, unknown model), 5 network or service failure (1011, timeout), 6 audio device,
camera or ffmpeg unavailable, 130 interrupted.
`;

const collectImage = (value: string, previous: string[] = []): string[] => [...previous, value];

export function talkCommand(invoke: Invoke): Command {
  return new Command('talk')
    .description('talk to a Gemini Live model from the terminal with an ephemeral token')
    .option('--token <name|->', 'ephemeral token auth_tokens/…, or - to read it (or mint JSON) from stdin')
    .option(
      '--token-command <cmd>',
      'shell command printing a token (or mint JSON): the first one if no --token, and a fresh one whenever a resume needs it',
    )
    .option('--api-key-file <path>', 'API key file, used only to mint a single-use token when no token is given')
    .option('--api-version <version>', "v1alpha, v1beta or v1 (default: the token's, else v1alpha)")
    .option('--base-url <url>', "API base URL, e.g. the emulator's (GEMTOKEN_BASE_URL, GOOGLE_GEMINI_BASE_URL)")
    .option('-m, --model <name>', 'Live model (default gemini-3.8-live); a locked token overrides it')
    .option('--voice <name>', 'prebuilt voice, e.g. Kore')
    .option('--system-instruction <text>', 'system instruction for the session')
    .option('--modality <audio|text>', 'reply modality (default audio)')
    .option('--temperature <n>', 'sampling temperature 0–2')
    .option('--input-device <name>', 'capture device (default ALSA/sox "default")')
    .option('--output-device <name>', "playback device (default: the system's); names from gemtoken devices")
    .option('--echo <mode>', 'half-duplex (default) or headphones')
    .option('--push-to-talk', 'no automatic voice detection: space starts and ends your turn')
    .option('--transcript <file.jsonl>', 'append each finished turn as a JSON line')
    .option('--input <file.wav|->', 'audio from a WAV file (or raw PCM, or - for stdin) instead of the microphone')
    .option('--input-format <spec>', 'raw PCM layout for --input, e.g. s16le:16000:1')
    .option('--fast', 'send --input as fast as possible instead of in real time')
    .option('--text <message>', 'send this text message (no microphone unless --input)')
    .option('--image <file>', 'send a JPEG or PNG picture once at the start (repeatable)', collectImage)
    .option('--video <file>', 'send the frames of a video file (any format ffmpeg reads) in real time')
    .addOption(
      new Option(
        '--camera [device]',
        'send camera frames (default /dev/video0; macOS: 0; lavfi:testsrc: a test picture)',
      ).preset('default'),
    )
    .option('--screen', 'send frames of the screen (X11 $DISPLAY; macOS: the main screen)')
    .option('--fps <n>', 'frames a second for --video, --camera, --screen (default 1, at most 10)')
    .option('--output <reply.wav>', "record the model's audio to a WAV file")
    .option('--no-speaker', "do not play the model's audio")
    .option('--once', 'end after the first complete model turn')
    .option('--events', 'NDJSON events on stdout instead of the text transcript')
    .option('--no-compress', 'no context-window compression (sessions then end after ~15 min of audio)')
    .option('--no-transcription', 'no input/output audio transcription')
    .option('--tools <json|@file|file.json>', 'function declarations (or a tools array) the model may call')
    .option(
      '--tool-command <cmd>',
      'shell command answering each call of a function --tools declares: {"id","name","args"} on stdin, one JSON value on stdout',
    )
    .option('--tool-timeout <duration>', 'longest a --tool-command may run per call (default 10s)')
    .option(PASS_ENV_FLAG, PASS_ENV_HELP, collectPassEnv)
    .option('--connect-timeout <duration>', 'give up when setup does not complete in time (default 15s)')
    .option('--verbose', 'debug detail on stderr (secrets stay redacted)')
    .addHelpText('after', helpAfter(HELP_AFTER))
    .action((opts: Record<string, unknown>) => invoke(async (ctx) => (await import('./run.js')).runTalk(ctx, opts)));
}
