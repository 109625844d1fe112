// The binary itself, for the commands that run gemtoken as a child (the demo), and the playback
// probe child (doctor, talk). This file sits one folder below src/, like the esbuild chunks in
// dist/chunks/ that it is bundled into, so the same relative URL is right in tsc's output and in
// the bundle.

import { fileURLToPath } from 'node:url';

export const BIN_PATH = fileURLToPath(new URL('../../bin/gemtoken.js', import.meta.url));

/** esbuild.config.mjs builds it from src/audio/devices/playback-probe-child.ts. */
export const PROBE_PATH = fileURLToPath(new URL('../../dist/playback-probe.cjs', import.meta.url));
