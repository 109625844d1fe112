// Defaults for `gemtoken emulator` and createEmulatorServer().

import { MODEL_CATALOGUE } from './models.js';

/** Live models the emulator serves unless `--model` replaces the list: the catalogue (models.ts). */
export const DEFAULT_MODELS: readonly string[] = MODEL_CATALOGUE.map((model) => model.id);

export const EMULATOR_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  connectionLifetimeMs: 10 * 60_000,
  maxSessions: 32,
  maxFrameBytes: 8 * 1024 * 1024,
  maxBodyBytes: 1024 * 1024,
  sweepIntervalMs: 60_000,
} as const;
