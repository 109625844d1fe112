// Arbitrary cassettes (--replay) and scenarios (--scenario): the emulator either
// refuses the file before it listens (exit 2, one line, no stack, never quoting the file), or it
// listens, a probe that plays into the file does not kill it, and one SIGTERM stops it with exit 0.
// It guards the one depth-safe parser and the cassette/scenario checks: it found a YAML
// scenario of 2,125 compact `- ` closed at once by a `[` at column 1 overflowing the YAML parser's
// stack (exit 1) until that parser was watched lexeme by lexeme (src/parse/yaml-syntax.ts).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { cassetteCase, renderCassettes, renderScenario, scenarioCase } from './emulator-files.js';
import { emulatorWithFile } from './emulator-start.js';
import { fuzzIt } from './harness.js';

const root = mkdtempSync(path.join(tmpdir(), 'gemtoken-fuzz-emufiles-'));
let serial = 0;

describe('the emulator with arbitrary files', () => {
  fuzzIt(
    'emulator --replay DIR: refused with exit 2 before listening, or replayed without dying',
    cassetteCase,
    async (value, measured) => {
      const dir = mkdtempSync(path.join(root, `cassettes-${++serial}-`));
      for (const [name, text] of Object.entries(renderCassettes(value))) writeFileSync(path.join(dir, name), text);
      await emulatorWithFile(['--replay', dir, '--replay-speed', '0'], measured);
    },
    { caseMs: 30_000 },
  );

  fuzzIt(
    'emulator --scenario FILE: refused with exit 2 before listening, or played without dying',
    scenarioCase,
    async (value, measured) => {
      const { name, text } = renderScenario(value);
      const file = path.join(mkdtempSync(path.join(root, `scenario-${++serial}-`)), name);
      writeFileSync(file, text);
      await emulatorWithFile(['--scenario', file], measured);
    },
    { caseMs: 30_000 },
  );
});
