// Defaults for `gemtoken emulator` and startEmulator().

/** Live models the emulator serves unless `--model` replaces the list (protocol.md §2.10). */
export const DEFAULT_MODELS = [
  'gemini-3.8-live',
  'gemini-3.8-live-extended-thinking',
  'gemini-3.1-flash-live-preview',
  'gemini-2.5-flash-native-audio-preview-09-2025',
  'gemini-2.5-flash-native-audio-preview-12-2025',
] as const;

export const EMULATOR_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  connectionLifetimeMs: 10 * 60_000,
  maxSessions: 32,
  maxFrameBytes: 8 * 1024 * 1024,
  maxBodyBytes: 1024 * 1024,
  sweepIntervalMs: 60_000,
} as const;
