// The major version of the @google/genai the SDK peer tests import (2.x by default; 3.x when
// GEMTOKEN_GENAI_DIR names another install, see vitest.config.ts). Read from the SDK's own
// package.json next to the module vitest resolved, not from ours.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

export function sdkMajor(): number {
  const from = process.env.GEMTOKEN_GENAI_DIR ? path.resolve(process.env.GEMTOKEN_GENAI_DIR) : ROOT;
  // The SDK's exports map hides its package.json from require.resolve; it sits in node_modules.
  const manifest = path.join(from, 'node_modules', '@google', 'genai', 'package.json');
  return Number((JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version.split('.')[0]);
}
